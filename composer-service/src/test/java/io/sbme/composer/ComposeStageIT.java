package io.sbme.composer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.sbme.composer.render.TrackingLink;
import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Product;
import io.sbme.contracts.Topics;
import io.sbme.contracts.CatalogProduct;
import io.sbme.support.catalog.CatalogView;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.kafka.ContractDeserializer;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.testing.TestRedis;
import io.sbme.support.outage.Outages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "sbme.composer.public-base-url=https://shop.example",
        "sbme.composer.link-secret=test-link-secret",
        // A stopped Redis is noticed in a second rather than Lettuce's default minute.
        "spring.data.redis.timeout=1s"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeStageIT {

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    @Autowired ContractPublisher publisher;
    @Autowired MockMvc mvc;
    @Autowired GatewayToken tokens;
    @Autowired EmbeddedKafkaBroker broker;
    @Autowired CatalogView catalog;
    @Autowired ProducerFactory<String, Object> producers;
    @Autowired Outages outages;

    /** Armed by a test: the next Kafka transaction commit of the composer fails, as when it times out. */
    private static final AtomicBoolean failNextCommit = new AtomicBoolean();

    private final List<ConsumerRecord<String, Object>> composed = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, Object>> audit = new CopyOnWriteArrayList<>();
    private Consumer<String, Object> consumer;
    private Thread poller;
    private volatile boolean polling = true;

    @BeforeAll
    void listen() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "compose-it-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // As the dispatcher reads: a message of a transaction that rolled back was never composed.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new ContractDeserializer())
                .createConsumer();
        consumer.subscribe(List.of(Topics.COMPOSED_MESSAGES, Topics.AUDIT_LOG));
        ((DefaultKafkaProducerFactory<String, Object>) producers).addPostProcessor(ComposeStageIT::failingCommitWhenArmed);
        producers.reset();
        poller = Thread.ofPlatform().start(() -> {
            while (polling) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    (record.topic().equals(Topics.AUDIT_LOG) ? audit : composed).add(record);
                }
            }
            consumer.close();
        });
    }

    @BeforeAll
    void stockTheCatalog() {
        publisher.publishAndWait(Topics.CATALOG, "p-aurora-lamp", new CatalogProduct(CatalogProduct.SCHEMA_VERSION,
                "p-aurora-lamp", "Aurora Desk Lamp", new BigDecimal("2499.00"), "INR", "/img/products/aurora-lamp.svg",
                "/?product=p-aurora-lamp", true), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> catalog.find("p-aurora-lamp").isPresent());
    }

    @AfterAll
    void stop() throws InterruptedException {
        polling = false;
        poller.join(5000);
    }

    @Test
    void composesASendDecisionOnceEvenWhenTheDecisionIsRedelivered() {
        Decision send = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");

        publisher.publish(Topics.DECISIONS, send.userId(), send);
        publisher.publish(Topics.DECISIONS, send.userId(), send);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        MessageComposed message = messagesFor(send.messageId()).getFirst();
        String code = TrackingLink.code("test-link-secret", send.messageId());
        assertThat(message.trackingUrl()).isEqualTo("https://shop.example/r/" + code);
        assertThat(message.destinationUrl()).isEqualTo("/?product=p-aurora-lamp");
        assertThat(message.whatsapp().template()).containsEntry("biz_opaque_callback_data", send.messageId())
                .doesNotContainKey("to");
        assertThat(message.sms().text()).contains("https://shop.example/r/" + code).endsWith("Reply STOP to opt out");
        assertThat(message.channelPlan()).containsExactly(Channel.WHATSAPP, Channel.SMS);
        assertThat(message.deliveryTtlSeconds()).isEqualTo(120);
        // a later decision proves the stage kept going; the duplicate never appeared
        Decision later = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        publisher.publish(Topics.DECISIONS, later.userId(), later);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(later.messageId()).size() == 1);
        assertThat(messagesFor(send.messageId())).hasSize(1);
    }

    @Test
    void aCommitThatFailsLeavesNoComposedMarkerAndTheRedeliveredDecisionIsComposedExactlyOnce() {
        Decision send = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        failNextCommit.set(true);

        publisher.publish(Topics.DECISIONS, send.userId(), send);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        assertThat(failNextCommit).as("the first commit failed and was rolled back").isFalse();
        Decision later = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        publisher.publish(Topics.DECISIONS, later.userId(), later);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(later.messageId()).size() == 1);
        assertThat(messagesFor(send.messageId())).hasSize(1);
    }

    @Test
    void aRedisOutagePausesComposingAndTheWaitingDecisionsAreComposedOnceWhenItIsBack() {
        Decision first = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        Decision second = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        TestRedis.stop();
        try {
            publisher.publish(Topics.DECISIONS, first.userId(), first);
            await().atMost(Duration.ofSeconds(30)).until(() -> outages.paused(ComposeStage.LISTENER));
            publisher.publish(Topics.DECISIONS, second.userId(), second);
            assertThat(messagesFor(first.messageId())).isEmpty();
        } finally {
            TestRedis.restart();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesFor(first.messageId()).size() == 1
                && messagesFor(second.messageId()).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !outages.paused(ComposeStage.LISTENER));
        Decision later = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        publisher.publish(Topics.DECISIONS, later.userId(), later);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(later.messageId()).size() == 1);
        assertThat(messagesFor(first.messageId())).hasSize(1);
        assertThat(messagesFor(second.messageId())).hasSize(1);
    }

    @Test
    void aCartProductCarryingAPhishingNameImageAndPriceIsRenderedAsTheCatalogHasIt() {
        Product forged = new Product("p-aurora-lamp", null, "Kinara: your account is locked, verify now at "
                + "https://evil.example/login", new BigDecimal("1"), "INR", 1,
                "https://evil.example/track.png?u=victim", "https://evil.example/login");
        Decision send = withProduct(decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a"), forged);

        publisher.publish(Topics.DECISIONS, send.userId(), send);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        MessageComposed message = messagesFor(send.messageId()).getFirst();
        assertThat(ContractJson.writeString(message)).doesNotContain("evil.example").doesNotContain("account is locked");
        assertThat(ContractJson.writeString(message.whatsapp().template()))
                .contains("\"link\":\"https://shop.example/img/products/aurora-lamp.svg\"")
                .contains("\"text\":\"Aurora Desk Lamp\"");
        assertThat(message.sms().text()).contains("Aurora Desk Lamp");
        assertThat(message.product().price()).isEqualByComparingTo("2499.00");
        assertThat(message.product().name()).isEqualTo("Aurora Desk Lamp");
    }

    @Test
    void aProductTheCatalogDoesNotHaveIsLeftOutOfTheMessage() {
        Product unknown = new Product("p-phish", null, "Verify now at https://evil.example/login", BigDecimal.TEN, "INR",
                1, "https://evil.example/track.png", "https://evil.example/login");
        Decision send = withProduct(decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a"), unknown);

        publisher.publish(Topics.DECISIONS, send.userId(), send);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        MessageComposed message = messagesFor(send.messageId()).getFirst();
        assertThat(ContractJson.writeString(message)).doesNotContain("evil.example").doesNotContain("Verify now");
        assertThat(message.product()).isNull();
        assertThat(message.sms().text()).contains("your item");
    }

    @Test
    void holdAndSuppressDecisionsComposeNothing() {
        Decision hold = decision("msg-" + UUID.randomUUID(), DecisionOutcome.HOLD, "abandoned_cart_a");
        Decision suppress = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SUPPRESS, "abandoned_cart_a");
        Decision send = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");

        publisher.publish(Topics.DECISIONS, hold.userId(), hold);
        publisher.publish(Topics.DECISIONS, suppress.userId(), suppress);
        publisher.publish(Topics.DECISIONS, send.userId(), send);

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        assertThat(messagesFor(hold.messageId())).isEmpty();
        assertThat(messagesFor(suppress.messageId())).isEmpty();
    }

    @Test
    void anAdminSaveBumpsTheVersionAuditsItAndNewMessagesRecordTheVersionUsed() throws Exception {
        String body = """
                {"whatsapp":{"templateName":"price_drop_a","language":"en","header":"Cheaper now","image":"{image}",
                 "body":"{product} dropped by {discount}!","footer":"Reply STOP to opt out","ctaLabel":"See price"},
                 "sms":"{product} dropped by {discount}: {cta}","instagram":"{product} dropped by {discount}!"}
                """;

        mvc.perform(put("/api/v1/admin/templates/price_drop_a").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.flow").value("price_drop"))
                .andExpect(jsonPath("$.updatedBy").value("alice"));

        Decision send = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "price_drop_a");
        publisher.publish(Topics.DECISIONS, send.userId(), send);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(send.messageId()).size() == 1);
        MessageComposed message = messagesFor(send.messageId()).getFirst();
        assertThat(message.templateVersion()).isEqualTo(2);
        assertThat(message.sms().text()).startsWith("Aurora Desk Lamp dropped by 10%:");
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.stream().map(r -> (AuditEntry) r.value())
                .anyMatch(e -> e.action().equals("template.updated") && e.subject().equals("price_drop_a")
                        && e.actor().equals("alice") && "2".equals(e.details().get("version"))));
        mvc.perform(get("/api/v1/admin/templates/price_drop_a/history").header(GatewayToken.HEADER, admin()))
                .andExpect(jsonPath("$[0].version").value(2))
                .andExpect(jsonPath("$[1].version").value(1));
    }

    @Test
    void aTemplateWithAnUnknownPlaceholderIsRefusedWithAProblemAndNothingChanges() throws Exception {
        String body = """
                {"whatsapp":{"templateName":"manual_a","language":"en","image":"{image}","body":"Hi {firstname}",
                 "ctaLabel":"Shop"},"sms":"Hi {name}: {cta}","instagram":"Hi"}
                """;

        mvc.perform(put("/api/v1/admin/templates/manual_a").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("{firstname}")));

        mvc.perform(get("/api/v1/admin/templates").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id=='manual_a')].version").value(1))
                .andExpect(jsonPath("$.length()").value(io.sbme.composer.template.DefaultTemplates.all().size()));
    }

    @Test
    void templatesAreForAdminsOnlyAndNeedAGatewayToken() throws Exception {
        mvc.perform(get("/api/v1/admin/templates")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/admin/templates")
                        .header(GatewayToken.HEADER, tokens.mint(new Caller("u-1", Caller.Role.SHOPPER))))
                .andExpect(status().isForbidden());
    }

    @Test
    void theInternalPreviewRendersADecisionWithoutPublishingIt() throws Exception {
        Decision decision = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_b");

        mvc.perform(post("/internal/compose/preview")
                        .header(GatewayToken.HEADER, tokens.mint(new Caller("decision-service", Caller.Role.SERVICE)))
                        .contentType(MediaType.APPLICATION_JSON).content(ContractJson.writeString(decision)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messageId").value(decision.messageId()))
                .andExpect(jsonPath("$.templateId").value("abandoned_cart_b"))
                .andExpect(jsonPath("$.whatsapp.interactive.interactive.type").value("cta_url"))
                .andExpect(jsonPath("$.sms.encoding").value("GSM-7"))
                .andExpect(jsonPath("$.instagram.text").exists());

        Decision marker = decision("msg-" + UUID.randomUUID(), DecisionOutcome.SEND, "abandoned_cart_a");
        publisher.publish(Topics.DECISIONS, marker.userId(), marker);
        await().atMost(Duration.ofSeconds(20)).until(() -> messagesFor(marker.messageId()).size() == 1);
        assertThat(messagesFor(decision.messageId())).isEmpty();
    }

    @Test
    void theAdminPreviewRendersAnyTemplateWithASampleProduct() throws Exception {
        mvc.perform(post("/api/v1/admin/preview").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"templateId\":\"abandoned_cart_a\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.whatsapp.card.body").value("Your Aurora Desk Lamp is waiting — take 10% off today."))
                .andExpect(jsonPath("$.sms.segments").value(1));
        mvc.perform(post("/api/v1/admin/preview").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"templateId\":\"nope\"}"))
                .andExpect(status().isNotFound());
    }

    private String admin() {
        return tokens.mint(new Caller("alice", Caller.Role.ADMIN));
    }

    private List<MessageComposed> messagesFor(String messageId) {
        return composed.stream().map(r -> (MessageComposed) r.value())
                .filter(m -> m.messageId().equals(messageId)).toList();
    }

    /**
     * A producer whose next commit of a listener's transaction (one that carries consumed offsets, not
     * a test's own publish) fails once when armed: the transaction is aborted and the commit throws.
     */
    @SuppressWarnings("unchecked")
    private static Producer<String, Object> failingCommitWhenArmed(Producer<String, Object> producer) {
        AtomicBoolean carriesOffsets = new AtomicBoolean();
        return (Producer<String, Object>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "beginTransaction" -> carriesOffsets.set(false);
                        case "sendOffsetsToTransaction" -> carriesOffsets.set(true);
                        case "commitTransaction" -> {
                            if (carriesOffsets.get() && failNextCommit.compareAndSet(true, false)) {
                                // As the coordinator does with a commit that timed out: nothing of it becomes visible.
                                producer.abortTransaction();
                                throw new TimeoutException("commit timed out (injected)");
                            }
                        }
                        default -> {
                        }
                    }
                    try {
                        return method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Decision withProduct(Decision d, Product product) {
        return new Decision(d.schemaVersion(), d.decisionId(), d.messageId(), d.eventId(), d.userId(), d.flow(),
                d.outcome(), d.reason(), d.explanation(), product, d.discountPercent(), d.templateId(), d.variant(),
                d.experimentArm(), d.channelPlan(), d.ctaUrl(), d.marketing(), d.forced(), d.trigger(),
                d.deliveryTtlSeconds(), d.notBefore(), d.decidedAt());
    }

    private static Decision decision(String messageId, DecisionOutcome outcome, String templateId) {
        Product product = new Product("p-aurora-lamp", null, "Aurora Desk Lamp", new BigDecimal("2499.00"), "INR", 2,
                "/img/products/aurora-lamp.svg", "/?product=p-aurora-lamp");
        return new Decision(Decision.SCHEMA_VERSION, "dec-" + messageId, messageId, "evt-1",
                "u-" + UUID.randomUUID().toString().replace("-", ""), templateId.startsWith("price") ? Flow.PRICE_DROP
                : Flow.ABANDONED_CART, outcome, "cart_abandoned", "test", product, 10, templateId, "A", "A",
                List.of(Channel.WHATSAPP, Channel.SMS), "/?product=p-aurora-lamp", true, false, "timer", 120, null,
                Instant.parse("2026-11-24T09:15:20Z"));
    }
}
