package io.sbme.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.CatalogProduct;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Product;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.cart.CartStore;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.kafka.ContractDeserializer;
import io.sbme.support.testing.TestRedis;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * decision-service as a stage: a real Kafka broker and a real Redis, events in, decisions out, and
 * the demo/admin HTTP endpoints. The composer is a tiny HTTP server answering its wire contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "decision.demo=true",
        "decision.demo-timings.abandoned-cart-delay=3s",
        "decision.timers.poll-interval=200ms",
        // Holdout and quiet hours have their own unit tests; here they would make outcomes depend on ids and the hour.
        "decision.experiment.holdout-percent=0",
        "decision.quiet-hours.start=00:00",
        "decision.quiet-hours.end=00:00",
        // A Redis outage shows within a second instead of Lettuce's minute (the outage test).
        "spring.data.redis.timeout=1s"})
@EmbeddedKafka(partitions = 1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionStageIT {

    private static HttpServer composer;
    private static final List<String> composerTokens = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.data.redis.port", TestRedis::port);
        composer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        composer.createContext("/internal/compose/preview", exchange -> {
            composerTokens.add(String.valueOf(exchange.getRequestHeaders().getFirst(GatewayToken.HEADER)));
            Decision decision = ContractJson.read(exchange.getRequestBody().readAllBytes(), Decision.class);
            String link = "http://localhost:8080/r/" + decision.messageId().substring(2, 14);
            MessageComposed composed = new MessageComposed(1, decision.messageId(), decision.decisionId(),
                    decision.userId(), decision.flow(), decision.variant(), decision.experimentArm(),
                    decision.templateId(), 1, decision.channelPlan(),
                    new MessageComposed.WhatsApp(Map.of("type", "template"), Map.of("type", "interactive"),
                            new MessageComposed.Card(decision.product().imageUrl(), "Still thinking?",
                                    "Your " + decision.product().name() + " is waiting, " + decision.discountPercent() + "% off",
                                    "Reply STOP to opt out", "Complete order", link)),
                    new MessageComposed.Sms("Your cart is waiting: " + link, "GSM-7", 1, 60),
                    new MessageComposed.Instagram("Your cart is waiting", null, "Shop", link),
                    link, decision.ctaUrl(), decision.product(), decision.discountPercent(), true, 20, Instant.now());
            byte[] body = ContractJson.write(composed);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        composer.start();
        registry.add("decision.composer-url", () -> "http://127.0.0.1:" + composer.getAddress().getPort());
    }

    @AfterAll
    void stopComposer() {
        composer.stop(0);
        consumer.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    GatewayToken tokens;
    @Autowired
    CartStore carts;
    @Autowired
    io.sbme.decision.timers.TimerStore timers;

    private KafkaConsumer<String, Object> consumer;
    private final List<Decision> decisions = new ArrayList<>();
    private final List<AuditEntry> audits = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void subscribe() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "decision-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ContractDeserializer());
        consumer.subscribe(List.of(Topics.DECISIONS, Topics.AUDIT_LOG));
    }

    private synchronized List<Decision> decisionsFor(String userId) {
        poll();
        return decisions.stream().filter(d -> userId.equals(d.userId())).toList();
    }

    private synchronized List<AuditEntry> auditsAbout(String userId) {
        poll();
        return audits.stream().filter(a -> userId.equals(a.userId())).toList();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
            switch (r.value()) {
                case Decision d -> decisions.add(d);
                case AuditEntry a -> audits.add(a);
                default -> throw new IllegalStateException("unexpected record on " + r.topic());
            }
        });
    }

    private Optional<Decision> decision(String userId, DecisionOutcome outcome) {
        return decisionsFor(userId).stream().filter(d -> d.outcome() == outcome).findFirst();
    }

    private static String newUser() {
        return "u-" + UUID.randomUUID().toString().replace("-", "");
    }

    private void publish(String topic, String key, Object value) throws Exception {
        // The stage's producer is transactional; what the test feeds in commits like any producer's.
        kafka.executeInTransaction(t -> t.send(topic, key, value)).get();
    }

    private void consent(String userId, long version, boolean whatsapp, boolean sms) throws Exception {
        ConsentStatus status = whatsapp || sms ? ConsentStatus.OPTED_IN : ConsentStatus.REVOKED;
        publish(Topics.CONSENT_STATE, userId, new ConsentState(1, userId, version, status, "+91 ••••••9721", "IN",
                "Asia/Kolkata", new ConsentState.ChannelConsent(whatsapp, sms), Channel.WHATSAPP, status.name(),
                Instant.now()));
    }

    private static Product lamp() {
        return new Product("p-lamp", "AUR-01", "Aurora Desk Lamp", new BigDecimal("2499.00"), "INR", 1,
                "/img/products/aurora-lamp.svg", "/?product=p-lamp");
    }

    /** Puts the product in the catalog as the store would, so events about it count. */
    private void stock(Product product) throws Exception {
        if (catalog.find(product.productId()).isEmpty()) {
            publish(Topics.CATALOG, product.productId(), new CatalogProduct(CatalogProduct.SCHEMA_VERSION,
                    product.productId(), product.name(), product.price(), product.currency(), product.imageUrl(),
                    product.url(), true));
            await().atMost(Duration.ofSeconds(15)).until(() -> catalog.find(product.productId()).isPresent());
        }
    }

    @Autowired
    io.sbme.support.catalog.CatalogView catalog;

    @Test
    void aCartedProductIsPricedAndNamedFromTheCatalogAndAnUnknownOneStartsNothing() throws Exception {
        String user = newUser();
        stock(lamp());
        Product forged = new Product("p-lamp", null, "Verify now at https://evil.example/login", new BigDecimal("99999999"),
                "INR", 2, "https://evil.example/t.png", "https://evil.example/login");
        Product unknown = new Product("p-phish-" + UUID.randomUUID(), null, "Verify now", new BigDecimal("99999999"),
                "INR", 1, null, null);

        publish(Topics.CUSTOMER_EVENTS, user, new CustomerEvent(1, "evt-" + UUID.randomUUID(), user,
                EventType.ADD_TO_CART, Instant.now(), Instant.now(), "storefront", unknown, null, null, null, null, null, null));
        publish(Topics.CUSTOMER_EVENTS, user, new CustomerEvent(1, "evt-" + UUID.randomUUID(), user,
                EventType.ADD_TO_CART, Instant.now(), Instant.now(), "storefront", forged, null, null, null, null, null, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> !carts.of(user).isEmpty());
        assertThat(carts.of(user).lines()).singleElement().satisfies(line -> {
            assertThat(line.productId()).isEqualTo("p-lamp");
            assertThat(line.name()).isEqualTo("Aurora Desk Lamp");
            assertThat(line.imageUrl()).isEqualTo("/img/products/aurora-lamp.svg");
            assertThat(line.quantity()).isEqualTo(2);
        });
        assertThat(carts.of(user).value()).isEqualByComparingTo("4998.00");
    }

    private void event(String userId, EventType type, Product product) throws Exception {
        if (product != null) {
            stock(product);
        }
        publish(Topics.CUSTOMER_EVENTS, userId, new CustomerEvent(1, "evt-" + UUID.randomUUID(), userId, type,
                Instant.now(), Instant.now(), "test", product, null, null, null, null, null, null));
    }

    /** A new user opted in on WhatsApp and SMS, whose consent decision-service already knows. */
    private String consentedUser() throws Exception {
        String user = newUser();
        consent(user, 1, true, true);
        awaitConsentKnown(user);
        return user;
    }

    private void awaitConsentKnown(String userId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> decisionServiceKnowsConsent(userId));
    }

    @Autowired
    io.sbme.decision.consent.ConsentView consentView;

    private boolean decisionServiceKnowsConsent(String userId) {
        return consentView.of(userId) != null;
    }

    private HttpResponse<String> call(String method, String path, Caller caller, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header(GatewayToken.HEADER, tokens.mint(caller))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void decidesToSendAnAbandonedCartMessageAfterTheDemoDelay() throws Exception {
        String user = consentedUser();
        Instant added = Instant.now();

        event(user, EventType.ADD_TO_CART, lamp());

        Decision sent = await().atMost(Duration.ofSeconds(20)).until(() -> decision(user, DecisionOutcome.SEND),
                Optional::isPresent).orElseThrow();
        assertThat(sent.flow()).isEqualTo(Flow.ABANDONED_CART);
        assertThat(sent.reason()).isEqualTo("cart_abandoned");
        assertThat(sent.trigger()).isEqualTo("timer");
        assertThat(sent.messageId()).startsWith("m-");
        assertThat(sent.channelPlan()).containsExactly(Channel.WHATSAPP, Channel.SMS);
        assertThat(sent.ctaUrl()).isEqualTo("/?product=p-lamp&cart=1");
        assertThat(sent.templateId()).isIn("abandoned_cart_a", "abandoned_cart_b");
        assertThat(sent.discountPercent()).isEqualTo(10);
        assertThat(sent.deliveryTtlSeconds()).isEqualTo(20);
        assertThat(sent.decidedAt()).isAfterOrEqualTo(added.plusSeconds(3).minusMillis(500));
    }

    @Autowired
    io.sbme.support.outage.Outages outages;

    @Test
    void aRedisOutagePausesDecidingAndTheWaitingCartIsDecidedOnceWhenItIsBack() throws Exception {
        String user = consentedUser();

        TestRedis.stop();
        try {
            event(user, EventType.ADD_TO_CART, lamp());
            await().atMost(Duration.ofSeconds(30)).until(() -> outages.paused(CustomerEventStage.LISTENER));
        } finally {
            TestRedis.restart();
        }

        Decision sent = await().atMost(Duration.ofSeconds(40)).until(() -> decision(user, DecisionOutcome.SEND),
                Optional::isPresent).orElseThrow();
        assertThat(sent.reason()).isEqualTo("cart_abandoned");
        await().atMost(Duration.ofSeconds(10)).until(() -> !outages.paused(CustomerEventStage.LISTENER));
    }

    @Autowired
    List<io.sbme.decision.timers.TimerHandler> timerHandlers;

    @Test
    void decidesOnceWhenASecondInstancePollsTheSameTimers() throws Exception {
        String user = consentedUser();
        var factory = new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
                new org.springframework.data.redis.connection.RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
        factory.afterPropertiesSet();
        factory.start();
        var secondInstance = new io.sbme.decision.timers.TimerPoller(
                new io.sbme.decision.timers.TimerStore(new org.springframework.data.redis.core.StringRedisTemplate(factory)),
                timerHandlers, java.time.Clock.systemUTC(), Duration.ofMillis(20), Duration.ofSeconds(60), 100, true);
        secondInstance.start();
        try {
            event(user, EventType.ADD_TO_CART, lamp());

            await().atMost(Duration.ofSeconds(20)).until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> decisionsFor(user).size() == 1);
        } finally {
            secondInstance.stop();
            factory.destroy();
        }
    }

    @Test
    void sendsNothingWhenTheOrderIsPlacedBeforeTheDelay() throws Exception {
        String user = consentedUser();

        event(user, EventType.ADD_TO_CART, lamp());
        event(user, EventType.ORDER_COMPLETED, null);

        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> decisionsFor(user).isEmpty());
    }

    @Test
    void aTrackedConversionEndsTheCartCountdownButARedeliveredOneLeavesANewerCartAlone() throws Exception {
        String user = consentedUser();
        String timerId = io.sbme.decision.abandonedcart.AbandonedCartTimer.timerId(user);
        event(user, EventType.ADD_TO_CART, lamp());
        await().atMost(Duration.ofSeconds(10)).until(() -> timers.find(timerId).isPresent());

        TrackingEvent converted = new TrackingEvent(1, "trk-" + UUID.randomUUID(), "m-" + UUID.randomUUID(), user,
                Flow.ABANDONED_CART, "A", Channel.WHATSAPP, TrackingStatus.CONVERTED, null, false, true, "o-1",
                new BigDecimal("2499.00"), "INR", null, Instant.now());
        publish(Topics.TRACKING_EVENTS, user, converted);
        await().atMost(Duration.ofSeconds(10)).until(() -> timers.find(timerId).isEmpty());
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> decisionsFor(user).isEmpty());

        // A new cart after the order, then the same conversion again (tracking publishes at least
        // once): the new cart's countdown runs on and its message is decided after the 3 s delay.
        event(user, EventType.ADD_TO_CART, lamp());
        await().atMost(Duration.ofSeconds(10)).until(() -> timers.find(timerId).isPresent());
        publish(Topics.TRACKING_EVENTS, user, converted);
        await().atMost(Duration.ofSeconds(15)).until(() -> !decisionsFor(user).isEmpty());
    }

    @Test
    void cancelsThePendingTimerWithAReasonWhenConsentIsRevoked() throws Exception {
        String user = consentedUser();
        event(user, EventType.ADD_TO_CART, lamp());
        await().atMost(Duration.ofSeconds(10)).until(() -> !timers.forUser(user).isEmpty());

        consent(user, 2, false, false);

        Decision cancelled = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SUPPRESS), Optional::isPresent).orElseThrow();
        assertThat(cancelled.reason()).isEqualTo("consent_revoked");
        assertThat(cancelled.flow()).isEqualTo(Flow.ABANDONED_CART);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> decision(user, DecisionOutcome.SEND).isEmpty());
    }

    @Test
    void aPendingNumberGetsItsConfirmationOnlyAndItsCartMessageOnceConfirmed() throws Exception {
        String user = newUser();
        publish(Topics.CONSENT_STATE, user, Fixtures.pending(user, 1, Channel.WHATSAPP, "k-" + user));
        awaitConsentKnown(user);

        Decision confirmation = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        event(user, EventType.ADD_TO_CART, lamp());
        Decision held = await().atMost(Duration.ofSeconds(20))
                .until(() -> decision(user, DecisionOutcome.HOLD), Optional::isPresent).orElseThrow();
        consent(user, 2, true, true);
        Decision cart = await().atMost(Duration.ofSeconds(10)).until(() -> decisionsFor(user).stream()
                .filter(d -> d.outcome() == DecisionOutcome.SEND && d.flow() == Flow.ABANDONED_CART).findFirst(),
                Optional::isPresent).orElseThrow();

        assertThat(confirmation.flow()).isEqualTo(Flow.OPT_IN_CONFIRMATION);
        assertThat(confirmation.channelPlan()).containsExactly(Channel.WHATSAPP);
        assertThat(confirmation.templateId()).isEqualTo("opt_in_confirmation_a");
        assertThat(held.flow()).isEqualTo(Flow.ABANDONED_CART);
        assertThat(held.reason()).isEqualTo("no_consent");
        assertThat(cart.trigger()).isEqualTo("consent_released");
        assertThat(decisionsFor(user).stream().filter(d -> d.flow() == Flow.OPT_IN_CONFIRMATION)).hasSize(1);
    }

    @Test
    void holdsWithoutConsentAndReleasesTheMessageWhenConsentArrives() throws Exception {
        String user = newUser();

        event(user, EventType.SUPPORT_MESSAGE, null);
        Decision held = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.HOLD), Optional::isPresent).orElseThrow();
        consent(user, 1, false, true);

        Decision released = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        assertThat(held.reason()).isEqualTo("no_consent");
        assertThat(released.flow()).isEqualTo(Flow.SUPPORT_REPLY);
        assertThat(released.marketing()).isFalse();
        assertThat(released.channelPlan()).containsExactly(Channel.SMS);
        assertThat(released.trigger()).isEqualTo("consent_released");

        event(user, EventType.SUPPORT_MESSAGE, null);

        Decision again = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SUPPRESS), Optional::isPresent).orElseThrow();
        assertThat(again.reason()).isEqualTo("recently_acknowledged");
    }

    @Autowired
    DecisionProperties properties;
    @Autowired
    io.sbme.decision.caps.CapStore capStore;
    @Autowired
    DecisionLog decisionLog;
    @Autowired
    org.springframework.data.redis.core.StringRedisTemplate redis;
    @Autowired
    io.sbme.support.kafka.ContractPublisher publisher;

    @Test
    void defersMarketingInQuietHoursToATimerThatSendsWhenTheWindowOpens() throws Exception {
        String user = consentedUser();
        // The same engine, but with a quiet window that covers nearly the whole day in the user's zone.
        DecisionProperties quietAllDay = new DecisionProperties(true, properties.timings(), properties.demoTimings(),
                properties.discountTiers(), properties.priceDrop(), properties.browse(), properties.caps(),
                new DecisionProperties.QuietHours(java.time.LocalTime.MIN, java.time.LocalTime.of(23, 59, 59), null),
                properties.experiment(), properties.templates(), properties.timers(), properties.composerUrl(),
                properties.recentDecisions(), false);
        DecisionEngine nightEngine = new DecisionEngine(quietAllDay, consentView, channelView, capStore, decisionLog,
                timers, redis, publisher, java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        Candidate candidate = new Candidate(Flow.BROWSE_ABANDONMENT, user, "evt-q", "p-lamp", lamp(), null,
                "browse_abandoned", "Viewed twice.", true, "timer", "/?product=p-lamp", null);

        Decision deferred = nightEngine.decide(candidate, Decider.Options.AUTOMATIC, Ids.random("d-"));
        var release = timers.forUser(user).stream().filter(t -> t.kind().equals(DecisionEngine.QUIET_RELEASE))
                .findFirst().orElseThrow();
        timers.schedule(new io.sbme.decision.timers.TimerStore.Timer(release.id(), release.kind(), user, Instant.now(),
                release.payload()));

        assertThat(deferred.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(deferred.reason()).isEqualTo("quiet_hours");
        assertThat(release.dueAt()).isEqualTo(deferred.notBefore());
        Decision sent = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        assertThat(sent.flow()).isEqualTo(Flow.BROWSE_ABANDONMENT);
        assertThat(sent.messageId()).startsWith("m-");
    }

    @Test
    void expiresAHoldWhenNoConsentArrivesInTime() throws Exception {
        String user = newUser();
        event(user, EventType.SUPPORT_MESSAGE, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> decision(user, DecisionOutcome.HOLD), Optional::isPresent);
        var expiry = timers.forUser(user).stream().filter(t -> t.kind().equals(DecisionEngine.HOLD_EXPIRY)).findFirst()
                .orElseThrow();

        // The hold's expiry comes due now instead of in ten minutes.
        timers.schedule(new io.sbme.decision.timers.TimerStore.Timer(expiry.id(), expiry.kind(), user, Instant.now(),
                expiry.payload()));

        Decision expired = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SUPPRESS), Optional::isPresent).orElseThrow();
        assertThat(expired.reason()).isEqualTo("hold_expired");
        assertThat(expired.flow()).isEqualTo(Flow.SUPPORT_REPLY);
        assertThat(decision(user, DecisionOutcome.SEND)).isEmpty();
    }

    @Test
    void erasesEverythingAboutTheUserAndAcknowledges() throws Exception {
        String user = consentedUser();
        event(user, EventType.VIEW_PRODUCT, lamp());
        event(user, EventType.ADD_TO_CART, lamp());
        await().atMost(Duration.ofSeconds(10)).until(() -> !timers.forUser(user).isEmpty());
        String requestId = "pr-" + UUID.randomUUID();
        KafkaConsumer<String, Object> acks = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "decision-it-acks",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ContractDeserializer());
        acks.subscribe(List.of(Topics.PRIVACY_ACKS));

        publish(Topics.PRIVACY_REQUESTS, user, new io.sbme.contracts.PrivacyRequest(1, requestId, user,
                io.sbme.contracts.PrivacyRequest.ERASE, "test", Instant.now()));

        List<io.sbme.contracts.PrivacyAck> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            acks.poll(Duration.ofMillis(100)).forEach(r -> received.add((io.sbme.contracts.PrivacyAck) r.value()));
            return received.stream().anyMatch(a -> a.requestId().equals(requestId));
        });
        acks.close();
        assertThat(received).filteredOn(a -> a.requestId().equals(requestId)).singleElement()
                .satisfies(a -> assertThat(a.service()).isEqualTo("decision-service"));
        assertThat(carts.of(user).isEmpty()).isTrue();
        assertThat(timers.forUser(user)).isEmpty();
        assertThat(consentView.of(user)).isNull();
        assertThat(views.views(user)).isEmpty();
        assertThat(viewedBy("p-lamp", user)).isFalse();
    }

    @Test
    void sendsAPriceDropToTheUsersWhoViewedTheProduct() throws Exception {
        String viewer = newUser();
        String stranger = newUser();
        consent(viewer, 1, true, false);
        consent(stranger, 1, true, false);
        awaitConsentKnown(viewer);
        Product watch = new Product("p-watch-" + UUID.randomUUID(), null, "Watch", new BigDecimal("1000"), "INR", 1,
                null, null);
        event(viewer, EventType.VIEW_PRODUCT, watch);
        await().atMost(Duration.ofSeconds(10)).until(() -> carts.of(viewer) != null
                && consentView.of(viewer) != null && viewedBy(watch.productId(), viewer));

        publish(Topics.CUSTOMER_EVENTS, "catalog", new CustomerEvent(1, "evt-" + UUID.randomUUID(), "catalog",
                EventType.PRICE_DROP, Instant.now(), Instant.now(), "test", null, null,
                new CustomerEvent.PriceDrop(watch.productId(), "Watch", new BigDecimal("1000"), new BigDecimal("800"), "INR",
                        null, null), null, null, null, null));

        Decision sent = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(viewer, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        assertThat(sent.flow()).isEqualTo(Flow.PRICE_DROP);
        assertThat(sent.discountPercent()).isEqualTo(20);
        assertThat(sent.product().price()).isEqualByComparingTo("800");
        assertThat(sent.templateId()).isEqualTo("price_drop_a");
        assertThat(decisionsFor(stranger)).isEmpty();
    }

    @Autowired
    io.sbme.decision.browse.ViewStore views;

    private boolean viewedBy(String productId, String userId) {
        return views.seenSince(productId, Instant.now().minusSeconds(60), 10).containsKey(userId);
    }

    @Test
    void previewsTheDemoMessageAndSendsExactlyWhatWasShown() throws Exception {
        String user = consentedUser();
        carts.save(user, new Cart("c-" + user, List.of(lamp()), Instant.now(), null));
        Caller shopper = new Caller(user, Caller.Role.SHOPPER);

        HttpResponse<String> preview = call("POST", "/api/v1/me/flows/abandoned-cart/preview", shopper, null);
        JsonNode shown = json.readTree(preview.body());
        String previewId = shown.path("previewId").asString();
        HttpResponse<String> stranger = call("POST", "/api/v1/me/flows/abandoned-cart/send",
                new Caller(newUser(), Caller.Role.SHOPPER), "{\"previewId\":\"" + previewId + "\"}");
        HttpResponse<String> send = call("POST", "/api/v1/me/flows/abandoned-cart/send", shopper,
                "{\"previewId\":\"" + previewId + "\"}");

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(shown.path("whatsapp").path("card").path("body").asString()).contains("Aurora Desk Lamp");
        assertThat(shown.path("sms").path("text").asString()).contains("/r/");
        assertThat(shown.path("sms").path("segments").asInt()).isEqualTo(1);
        assertThat(shown.path("decision").path("outcome").asString()).isEqualTo("SEND");
        assertThat(shown.path("channelPlan").values()).extracting(JsonNode::asString).containsExactly("whatsapp", "sms");
        assertThat(tokens.verify(composerTokens.getLast())).contains(new Caller("decision-service", Caller.Role.SERVICE));
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(send.statusCode()).as(send.body()).isEqualTo(202);
        String messageId = json.readTree(send.body()).path("messageId").asString();
        assertThat(messageId).isEqualTo(shown.path("messageId").asString());
        Decision published = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        assertThat(published.messageId()).isEqualTo(messageId);
        assertThat(published.trigger()).isEqualTo("demo");
    }

    @Test
    void previewsButRefusesToSendWithoutConsentAndRefusesAnEmptyCart() throws Exception {
        String user = newUser();
        Caller shopper = new Caller(user, Caller.Role.SHOPPER);

        HttpResponse<String> emptyCart = call("POST", "/api/v1/me/flows/abandoned-cart/preview", shopper, null);
        carts.save(user, new Cart("c-" + user, List.of(lamp()), Instant.now(), null));
        HttpResponse<String> preview = call("POST", "/api/v1/me/flows/abandoned-cart/preview", shopper, null);
        String previewId = json.readTree(preview.body()).path("previewId").asString();
        HttpResponse<String> send = call("POST", "/api/v1/me/flows/abandoned-cart/send", shopper,
                "{\"previewId\":\"" + previewId + "\"}");
        HttpResponse<String> expired = call("POST", "/api/v1/me/flows/abandoned-cart/send", shopper,
                "{\"previewId\":\"pv-unknown\"}");

        assertThat(emptyCart.statusCode()).isEqualTo(409);
        assertThat(json.readTree(emptyCart.body()).path("reason").asString()).isEqualTo("empty_cart");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(json.readTree(preview.body()).path("decision").path("outcome").asString()).isEqualTo("HOLD");
        assertThat(json.readTree(preview.body()).path("decision").path("reason").asString()).isEqualTo("no_consent");
        assertThat(send.statusCode()).isEqualTo(409);
        assertThat(json.readTree(send.body()).path("reason").asString()).isEqualTo("no_consent");
        assertThat(json.readTree(expired.body()).path("reason").asString()).isEqualTo("preview_expired");
        assertThat(decisionsFor(user)).isEmpty();
    }

    @Test
    void triggersByAdminOverSmsWhileWhatsAppIsPausedAndExplainsWhy() throws Exception {
        String user = consentedUser();
        carts.save(user, new Cart("c-" + user, List.of(lamp()), Instant.now(), null));
        Caller admin = new Caller("admin", Caller.Role.ADMIN);
        publish(Topics.CHANNEL_CONTROL, "whatsapp", new ChannelControl(1, Channel.WHATSAPP, true, "admin", Instant.now()));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> channelsPaused().contains(Channel.WHATSAPP));

            HttpResponse<String> trigger = call("POST", "/api/v1/admin/flows/abandoned-cart/trigger", admin,
                    "{\"userId\":\"" + user + "\"}");
            HttpResponse<String> asShopper = call("POST", "/api/v1/admin/flows/abandoned-cart/trigger",
                    new Caller(user, Caller.Role.SHOPPER), "{\"userId\":\"" + user + "\"}");
            HttpResponse<String> why = call("GET", "/api/v1/admin/decisions?userId=" + user, admin, null);

            assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(202);
            JsonNode answer = json.readTree(trigger.body());
            assertThat(answer.path("outcome").asString()).isEqualTo("SEND");
            assertThat(answer.path("messageId").asString()).startsWith("m-");
            assertThat(answer.path("explanation").asString()).contains("WhatsApp paused → SMS");
            assertThat(asShopper.statusCode()).isEqualTo(403);
            assertThat(json.readTree(why.body()).path("decisions").get(0).path("decisionId").asString())
                    .isEqualTo(answer.path("decisionId").asString());
            Decision sent = await().atMost(Duration.ofSeconds(10))
                    .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
            assertThat(sent.channelPlan()).containsExactly(Channel.WHATSAPP, Channel.SMS);
            assertThat(sent.trigger()).isEqualTo("admin");
        } finally {
            publish(Topics.CHANNEL_CONTROL, "whatsapp", new ChannelControl(1, Channel.WHATSAPP, false, "admin", Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !channelsPaused().contains(Channel.WHATSAPP));
        }
    }

    @Autowired
    io.sbme.decision.channel.ChannelView channelView;

    private java.util.Set<Channel> channelsPaused() {
        return channelView.paused();
    }

    @Test
    void forceSendsOnlyWithConsent() throws Exception {
        String user = newUser();
        Caller admin = new Caller("admin", Caller.Role.ADMIN);
        String body = "{\"userId\":\"" + user + "\",\"templateId\":\"abandoned_cart_a\",\"productId\":\"p-lamp\",\"channel\":\"sms\"}";

        HttpResponse<String> refused = call("POST", "/api/v1/admin/messages/force-send", admin, body);
        consent(user, 1, false, true);
        awaitConsentKnown(user);
        HttpResponse<String> sent = call("POST", "/api/v1/admin/messages/force-send", admin, body);
        HttpResponse<String> badChannel = call("POST", "/api/v1/admin/messages/force-send", admin,
                body.replace("\"sms\"", "\"pigeon\""));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).path("reason").asString()).isEqualTo("no_consent");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(badChannel.statusCode()).isEqualTo(400);
        Decision forced = await().atMost(Duration.ofSeconds(10))
                .until(() -> decision(user, DecisionOutcome.SEND), Optional::isPresent).orElseThrow();
        assertThat(forced.forced()).isTrue();
        assertThat(forced.flow()).isEqualTo(Flow.MANUAL);
        assertThat(forced.templateId()).isEqualTo("abandoned_cart_a");
        assertThat(forced.messageId()).isEqualTo(json.readTree(sent.body()).path("messageId").asString());
        List<AuditEntry> audited = await().atMost(Duration.ofSeconds(10)).until(() -> auditsAbout(user), a -> a.size() == 2);
        assertThat(audited).extracting(AuditEntry::action, AuditEntry::outcome, AuditEntry::actor)
                .containsExactly(tuple("message.force_send", "refused", "admin"), tuple("message.force_send", "sent", "admin"));
        assertThat(audited.getLast().subject()).isEqualTo(forced.messageId());
        assertThat(audited).allSatisfy(a -> assertThat(ContractJson.writeString(a.details()) + a.subject()).doesNotContain(user));
    }

    @Test
    void showsTheFlowConfigurationToAdminsOnly() throws Exception {
        HttpResponse<String> flows = call("GET", "/api/v1/admin/flows", new Caller("admin", Caller.Role.ADMIN), null);
        HttpResponse<String> shopper = call("GET", "/api/v1/admin/flows", new Caller(newUser(), Caller.Role.SHOPPER), null);

        assertThat(flows.statusCode()).isEqualTo(200);
        assertThat(json.readTree(flows.body()).path("demo").asBoolean()).isTrue();
        assertThat(flows.body()).contains("abandoned_cart_a").contains("discountTiers");
        assertThat(properties.templateFor(Flow.PRICE_DROP, "B")).isEqualTo("price_drop_a");
        assertThat(properties.templateFor(Flow.ABANDONED_CART, "B")).isEqualTo("abandoned_cart_b");
        assertThat(shopper.statusCode()).isEqualTo(403);
    }
}
