package io.sbme.tracking.outbox;

import static io.sbme.tracking.MetaWebhook.metaSignature;
import static io.sbme.tracking.MetaWebhook.metaStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sbme.contracts.Channel;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.kafka.ContractDeserializer;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.privacy.Erasable;
import io.sbme.support.privacy.ProviderIds;
import io.sbme.support.testing.MetaMessageIds;
import io.sbme.support.testing.RedisContents;
import io.sbme.support.testing.TestRedis;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingEvents;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.messages.MessageRegistry;
import io.sbme.tracking.progress.ProgressMarkers;
import io.sbme.tracking.status.Stage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The outbox against a real broker that goes away and comes back: the broker process keeps its port
 * across the restart, as a real one does, so the service's producer reconnects on its own. Its own
 * Redis database, so the relays of other test contexts in this JVM do not publish these records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.data.redis.database=1",
        "sbme.kafka.partitions=1",
        "sbme.identity.internal-secret=test-internal-secret-0123456789",
        "tracking.whatsapp-app-secret=test-app-secret",
        // A send to a stopped broker fails in seconds rather than the default ten, to keep the test short.
        "spring.kafka.producer.properties.delivery.timeout.ms=3000",
        "spring.kafka.producer.properties.request.timeout.ms=1000",
        "spring.kafka.producer.properties.max.block.ms=2000",
        "tracking.outbox.max-backoff=500ms",
        "tracking.outbox.lease-ttl=3s",
        "tracking.progress.interval=200ms",
        "tracking.progress.in-flight-allowance=500ms",
        // The broker stops in these tests for a few seconds; the hold after an outage is WatermarkTest's.
        "tracking.progress.gap=60s"})
@EmbeddedKafka(partitions = 1)
@DirtiesContext
class OutboxRelayIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ContractPublisher publisher;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    MessageRegistry registry;
    @Autowired
    Outbox outbox;
    @Autowired
    Erasable erasure;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TrackingProperties properties;
    @Autowired
    ProviderIds providerIds;
    @Autowired
    ProgressMarkers progress;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    @Test
    void aWebhookIsAppliedWhileTheBrokerIsDownAndItsEventsArriveOnceWhenItIsBack() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg-" + UUID.randomUUID();
        String wamid = sent(user, messageId);
        double failuresBefore = failures();
        stopBroker();
        try {
            for (String status : List.of("delivered", "read")) {
                long start = System.nanoTime();
                var response = postMeta(metaStatus(wamid, messageId, status));
                assertThat(response.statusCode()).isEqualTo(200);
                // A webhook that waited for the broker would take max.block.ms or more.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
            }

            await().until(() -> registry.find(messageId).orElseThrow().progress.attempt(Channel.WHATSAPP).stage() == Stage.READ);
            await().until(() -> failures() > failuresBefore);
            assertThat(waiting(messageId)).extracting(TrackingEvent::status)
                    .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED, TrackingStatus.READ);
            assertThat(meters.get("tracking.outbox.backlog").gauge().value()).isEqualTo((double) outbox.backlog())
                    .isGreaterThanOrEqualTo(3);
        } finally {
            startBroker();
        }

        List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                all -> events(all, messageId).size() >= 3 && waiting(messageId).isEmpty());
        List<TrackingEvent> events = events(records, messageId);
        assertThat(events).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED, TrackingStatus.READ);
        assertThat(events).extracting(TrackingEvent::trackingId).doesNotHaveDuplicates();
        assertThat(events).allMatch(e -> user.equals(e.userId()));
        await().until(() -> meters.get("tracking.outbox.backlog").gauge().value() == 0);
    }

    @Test
    void anEraseWhileRecordsWaitForTheBrokerTakesTheUserOutOfThem() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg-" + UUID.randomUUID();
        String wamid = sent(user, messageId);
        stopBroker();
        try {
            postMeta(metaStatus(wamid, messageId, "delivered"));
            await().until(() -> waiting(messageId).size() == 2);

            erasure.erase(user);

            assertThat(redisHolds(user)).isEmpty();
            assertThat(waiting(messageId)).hasSize(2).allMatch(e -> e.userId() == null);
        } finally {
            startBroker();
        }
        List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                all -> events(all, messageId).size() >= 2 && waiting(messageId).isEmpty());
        assertThat(events(records, messageId)).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED);
        assertThat(records.stream().filter(r -> r.value() instanceof TrackingEvent e && messageId.equals(e.messageId())))
                .allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo(messageId);
                    assertThat(((TrackingEvent) r.value()).userId()).isNull();
                });
    }

    @Test
    void anotherInstanceTakesOverWhenTheRelayHoldingTheLeaseStopsAndKeepsTheOrder() throws Exception {
        OutboxRelay standby = new OutboxRelay(outbox, publisher, properties, progress, new SimpleMeterRegistry());
        standby.start();
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        try {
            // An instance that crashed holding the lease: nobody publishes until it runs out, then one takes over.
            redis.opsForValue().set(Keys.outboxLease(), "crashed-instance", properties.outbox().leaseTtl());

            IntStream.range(0, 20).forEach(i -> outbox.append(List.of(
                    TrackingEvents.user(user, Channel.WHATSAPP, TrackingStatus.WINDOW_OPENED, "n" + i, Instant.now()))));

            List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                    all -> all.stream().filter(r -> user.equals(r.key())).count() >= 20 && outbox.backlog() == 0);
            List<TrackingEvent> events = records.stream().filter(r -> user.equals(r.key()))
                    .map(r -> (TrackingEvent) r.value()).toList();
            assertThat(events).extracting(TrackingEvent::detail)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "n" + i).toList());
            assertThat(redis.opsForValue().get(Keys.outboxLease())).isNotEqualTo("crashed-instance");
        } finally {
            standby.stop();
        }
    }

    @Test
    void progressFollowsTheClockWithoutAnyWebhookAndComesAfterTheRecordsItVouchesFor() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg-" + UUID.randomUUID();
        String wamid = sent(user, messageId);

        Instant received = Instant.now();
        assertThat(postMeta(metaStatus(wamid, messageId, "delivered")).statusCode()).isEqualTo(200);
        Instant quietFrom = Instant.now();

        // No webhook after this one: the watermark still passes the moment it was taken, then moves on with the clock.
        List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                all -> progress(all).stream().anyMatch(at -> at.isAfter(quietFrom.plusSeconds(2))));
        int delivered = indexOf(records, r -> r.value() instanceof TrackingEvent e && messageId.equals(e.messageId())
                && e.status() == TrackingStatus.DELIVERED);
        int firstPast = indexOf(records, r -> r.value() instanceof TrackingEvent e && e.status() == TrackingStatus.PROGRESS
                && !e.at().isBefore(received));
        assertThat(delivered).isNotNegative();
        assertThat(firstPast).as("progress past the receipt only after it").isGreaterThan(delivered);
        assertThat(progress(records)).as("only forward").isSorted();
        assertThat(records).filteredOn(r -> r.value() instanceof TrackingEvent e && e.status() == TrackingStatus.PROGRESS)
                .allSatisfy(r -> {
                    TrackingEvent marker = (TrackingEvent) r.value();
                    assertThat(marker.messageId()).isNull();
                    assertThat(marker.userId()).isNull();
                    assertThat(marker.trackingId()).isNull();
                    assertThat(r.key()).isNull();
                });
    }

    @Test
    void aStatusForAMessageNotKnownYetHoldsProgressBackUntilItIsPublished() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg-" + UUID.randomUUID();
        String wamid = MetaMessageIds.forNumber("+919876540002");

        // The webhook overtook the message's own records (tracking's consumers lag): it is parked, not published.
        Instant parkedAt = Instant.now();
        assertThat(postMeta(metaStatus(wamid, messageId, "delivered")).statusCode()).isEqualTo(200);
        Instant later = Instant.now().plusSeconds(2);
        await().until(() -> Instant.now().isAfter(later));
        assertThat(progress(readUntil(Topics.TRACKING_EVENTS, all -> !progress(all).isEmpty())))
                .allSatisfy(at -> assertThat(at).isBeforeOrEqualTo(parkedAt.plusMillis(100)));

        sent(user, messageId, wamid);

        List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                all -> progress(all).stream().anyMatch(at -> at.isAfter(later)));
        int delivered = indexOf(records, r -> r.value() instanceof TrackingEvent e && messageId.equals(e.messageId())
                && e.status() == TrackingStatus.DELIVERED);
        int firstPast = indexOf(records, r -> r.value() instanceof TrackingEvent e && e.status() == TrackingStatus.PROGRESS
                && e.at().isAfter(parkedAt.plusMillis(100)));
        assertThat(delivered).isNotNegative();
        assertThat(firstPast).isGreaterThan(delivered);
    }

    @Test
    void aWebhookThatCannotBeRecordedIsAnswered503AndItsRetryIsApplied() throws Exception {
        String user = "u-" + UUID.randomUUID().toString().replace("-", "");
        String messageId = "msg-" + UUID.randomUUID();
        String wamid = sent(user, messageId);

        // Redis refuses every write (out of memory): nothing can be stored, so nothing may be acknowledged.
        setMaxMemory("1");
        HttpResponse<String> refused;
        try {
            refused = postMeta(metaStatus(wamid, messageId, "delivered"));
        } finally {
            setMaxMemory("0");
        }
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(registry.find(messageId).orElseThrow().progress.attempt(Channel.WHATSAPP).stage()).isEqualTo(Stage.ACCEPTED);

        // The provider's retry.
        assertThat(postMeta(metaStatus(wamid, messageId, "delivered")).statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, Object>> records = readUntil(Topics.TRACKING_EVENTS,
                all -> events(all, messageId).size() >= 2);
        assertThat(events(records, messageId)).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED);
    }

    // --- helpers ---

    private void setMaxMemory(String bytes) {
        redis.execute((org.springframework.data.redis.core.RedisCallback<Void>) connection -> {
            connection.serverCommands().setConfig("maxmemory", bytes);
            return null;
        });
    }

    /** The watermarks of the progress records, in the order published. */
    private static List<Instant> progress(List<ConsumerRecord<String, Object>> records) {
        return records.stream().filter(r -> r.value() instanceof TrackingEvent e && e.status() == TrackingStatus.PROGRESS)
                .map(r -> ((TrackingEvent) r.value()).at()).toList();
    }

    private static int indexOf(List<ConsumerRecord<String, Object>> records, Predicate<ConsumerRecord<String, Object>> which) {
        for (int i = 0; i < records.size(); i++) {
            if (which.test(records.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A message composed and accepted by WhatsApp, through the broker as usual; answers its provider id in clear. */
    private String sent(String user, String messageId) {
        return sent(user, messageId, MetaMessageIds.forNumber("+919876540001"));
    }

    /** A message composed and accepted by WhatsApp under the given provider id (in clear). */
    private String sent(String user, String messageId, String wamid) {
        String digest = providerIds.digest(wamid);
        publisher.publish(Topics.COMPOSED_MESSAGES, user, new MessageComposed(MessageComposed.SCHEMA_VERSION, messageId,
                "dec-1", user, Flow.ABANDONED_CART, "B", "B", "abandoned_cart_b", 2, List.of(Channel.WHATSAPP, Channel.SMS),
                null, new MessageComposed.Sms("Your lamp is waiting", "GSM-7", 1, 20), null, null, "/", null, 10, true, 120,
                Instant.now()));
        publisher.publish(Topics.DISPATCH_RESULTS, user, new DispatchResult(DispatchResult.SCHEMA_VERSION,
                UUID.randomUUID().toString(), messageId, user, Flow.ABANDONED_CART, "B", Channel.WHATSAPP, 1,
                DispatchOutcome.SENT, null, digest, null, "+91 ••••••0001", Instant.now()));
        await().until(() -> redis.hasKey(Keys.provider(digest))
                && registry.find(messageId).map(m -> m.composed).orElse(false));
        return wamid;
    }

    private void stopBroker() {
        cluster().values().forEach(BrokerServer::shutdown);
    }

    private void startBroker() {
        cluster().values().forEach(BrokerServer::startup);
    }

    private Map<Integer, BrokerServer> cluster() {
        return ((EmbeddedKafkaKraftBroker) broker).getCluster().brokers();
    }

    private double failures() {
        return meters.get("tracking.outbox.failures").counter().count();
    }

    /** The tracking events of a message still waiting in the outbox, oldest first. */
    private List<TrackingEvent> waiting(String messageId) {
        List<String> entries = redis.opsForList().range(Keys.outbox(), 0, -1);
        return entries == null ? List.of() : entries.stream().map(OutboxRecord::fromJson)
                .filter(r -> r.value() instanceof TrackingEvent e && messageId.equals(e.messageId()))
                .map(r -> (TrackingEvent) r.value()).toList();
    }

    private static List<TrackingEvent> events(List<ConsumerRecord<String, Object>> records, String messageId) {
        return records.stream().filter(r -> r.value() instanceof TrackingEvent e && messageId.equals(e.messageId()))
                .map(r -> (TrackingEvent) r.value()).toList();
    }

    /** Every record of the topic from its start, read until {@code done} holds for them. */
    private List<ConsumerRecord<String, Object>> readUntil(String topic, Predicate<List<ConsumerRecord<String, Object>>> done) {
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ContractDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(records);
            });
        }
        return records;
    }

    private HttpResponse<String> postMeta(byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", metaSignature("test-app-secret", body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Set<String> redisHolds(String needle) {
        return RedisContents.keysHolding(redis, needle);
    }
}
