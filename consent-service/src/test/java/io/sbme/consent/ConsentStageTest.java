package io.sbme.consent;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.Topics;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.testing.RedisContents;
import io.sbme.support.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context of consent-service's stage tests: the whole service against a real
 * embedded Kafka broker and a real Redis server, called through MockMvc with gateway tokens.
 * Every test class extends this class unchanged, so the context (and broker) is started once.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "consent.vault.master-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "consent.publish-timeout=10s",
})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1)
public abstract class ConsentStageTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected GatewayToken tokens;
    @Autowired
    protected StringRedisTemplate redis;
    @Autowired
    protected EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    /** A fresh user id in the gateway's form. */
    protected static String newUserId() {
        return "u-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A mobile number in India no other test uses: +91 9 + 9 random digits. */
    protected static String newIndianMobile() {
        long tail = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000_000L);
        return "+919" + String.format("%09d", tail);
    }

    protected MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, Caller.Role role, String subject) {
        return request.header(GatewayToken.HEADER, tokens.mint(new Caller(subject, role)));
    }

    protected MockHttpServletRequestBuilder asShopper(MockHttpServletRequestBuilder request, String userId) {
        return as(request, Caller.Role.SHOPPER, userId);
    }

    protected MockHttpServletRequestBuilder asAdmin(MockHttpServletRequestBuilder request) {
        return as(request, Caller.Role.ADMIN, "alice-admin");
    }

    protected MockHttpServletRequestBuilder asService(MockHttpServletRequestBuilder request, String service) {
        return as(request, Caller.Role.SERVICE, service);
    }

    protected static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    protected MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    protected static JsonNode body(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected static String text(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Opts a shopper in on both channels through the storefront endpoint and confirms as the number's
     * owner would, with a YES on WhatsApp.
     */
    protected MvcResult optIn(String userId, String phone) throws Exception {
        MvcResult requested = requestOptIn(userId, phone);
        org.assertj.core.api.Assertions.assertThat(requested.getResponse().getStatus()).isEqualTo(200);
        inbound("whatsapp", phone, "YES");
        return requested;
    }

    /** Opts a shopper in on both channels through the storefront endpoint; the number stays pending. */
    protected MvcResult requestOptIn(String userId, String phone) throws Exception {
        return perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"phone\":\"" + phone + "\",\"channels\":[\"whatsapp\",\"sms\"],\"preferredChannel\":\"whatsapp\","
                        + "\"consentTextVersion\":\"v1\"}"));
    }

    /** A reply from a number, as tracking-service forwards it. */
    protected JsonNode inbound(String channel, String from, String text) throws Exception {
        return inbound(channel, from, text, "SM" + UUID.randomUUID().toString().replace("-", ""));
    }

    protected JsonNode inbound(String channel, String from, String text, String messageId) throws Exception {
        MvcResult result = perform(json(asService(post("/internal/inbound"), "tracking-service"),
                "{\"channel\":\"" + channel + "\",\"from\":\"" + from + "\",\"text\":\"" + text
                        + "\",\"messageId\":\"" + messageId + "\"}"));
        org.assertj.core.api.Assertions.assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return body(result);
    }

    protected MvcResult resolve(String userId, String channel) throws Exception {
        return perform(json(asService(post("/internal/vault/resolve"), "dispatcher-service"),
                "{\"userId\":\"" + userId + "\",\"channel\":\"" + channel + "\",\"messageId\":\"m-" + UUID.randomUUID()
                        + "\"}"));
    }

    protected MvcResult me(String userId) throws Exception {
        return perform(asShopper(get("/api/v1/me"), userId));
    }

    /** Every record on a topic from the beginning to its current end. */
    protected List<ConsumerRecord<String, byte[]>> records(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Every topic on the broker (ours, dead letters, and Kafka's internal ones). */
    protected java.util.Set<String> topics() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            return consumer.listTopics(Duration.ofSeconds(10)).keySet();
        }
    }

    protected static String value(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? null : new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The consent-state records published for one user, oldest first (null = tombstone). */
    protected List<String> consentStates(String userId) {
        return records(Topics.CONSENT_STATE).stream().filter(r -> userId.equals(r.key())).map(ConsentStageTest::value)
                .toList();
    }

    /** The latest consent-state a user had published. */
    protected ConsentState lastState(String userId) {
        List<String> states = consentStates(userId);
        org.assertj.core.api.Assertions.assertThat(states).isNotEmpty();
        return io.sbme.contracts.ContractJson.read(states.getLast(), ConsentState.class);
    }

    protected Map<String, String> redisDump() {
        return RedisContents.dump(redis);
    }

    protected static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
