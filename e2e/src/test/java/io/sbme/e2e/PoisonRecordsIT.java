package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.Topics;
import io.sbme.e2e.MessageJourneyIT.Shopper;
import io.sbme.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No request and no record takes a stage down, against the whole stack. An attacker's amounts are
 * refused at the edge; records outside the contract written straight into the topics (malformed,
 * out of bounds, a huge field) are set aside by every stage that reads them, each on its
 * dead-letter topic with its reason; every service is still the same process afterwards, and an
 * ordinary message still goes out.
 */
class PoisonRecordsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SERVICES = List.of("gateway-service", "event-ingest-service", "consent-service",
            "decision-service", "composer-service", "dispatcher-service", "tracking-service", "dashboard-service");
    /**
     * The consumer groups (stages) that read each topic this test poisons. A name ending in {@code -}
     * is a prefix: views every instance reads in full use a group of their own per process.
     */
    private static final Map<String, List<String>> READERS = Map.ofEntries(
            Map.entry(Topics.CUSTOMER_EVENTS, List.of("dashboard-service", "decision-service-events",
                    "tracking-service-orders")),
            Map.entry(Topics.DECISIONS, List.of("dashboard-service", "composer-decisions", "tracking-service-decisions")),
            Map.entry(Topics.COMPOSED_MESSAGES, List.of("dashboard-service", "tracking-service-composed",
                    "dispatcher-service")),
            Map.entry(Topics.DISPATCH_RESULTS, List.of("dashboard-service", "tracking-service-dispatch")),
            Map.entry(Topics.TRACKING_EVENTS, List.of("dashboard-service", "decision-service-tracking",
                    "dispatcher-service-tracking")),
            Map.entry(Topics.CONSENT_STATE, List.of("dashboard-service", "decision-service-consent",
                    "dispatcher-consent-")),
            Map.entry(Topics.CHANNEL_CONTROL, List.of("dashboard-service", "decision-service-channels",
                    "dispatcher-channels-")),
            Map.entry(Topics.PRIVACY_REQUESTS, List.of("dashboard-service", "decision-service-privacy",
                    "dispatcher-service-privacy", "tracking-service-privacy")),
            Map.entry(Topics.PRIVACY_ACKS, List.of("dashboard-service", "consent-service")),
            Map.entry(Topics.AUDIT_LOG, List.of("dashboard-service")));
    /** The id and time field of each topic's record, to put out of bounds. */
    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry(Topics.CUSTOMER_EVENTS, List.of("eventId", "occurredAt")),
            Map.entry(Topics.DECISIONS, List.of("decisionId", "decidedAt")),
            Map.entry(Topics.COMPOSED_MESSAGES, List.of("messageId", "composedAt")),
            Map.entry(Topics.DISPATCH_RESULTS, List.of("userId", "at")),
            Map.entry(Topics.TRACKING_EVENTS, List.of("trackingId", "at")),
            Map.entry(Topics.CONSENT_STATE, List.of("userId", "updatedAt")),
            Map.entry(Topics.CHANNEL_CONTROL, List.of("changedBy", "changedAt")),
            Map.entry(Topics.PRIVACY_REQUESTS, List.of("requestId", "requestedAt")),
            Map.entry(Topics.PRIVACY_ACKS, List.of("requestId", "completedAt")),
            Map.entry(Topics.AUDIT_LOG, List.of("entryId", "at")));

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void poisonRequestsAndRecordsAreRefusedOrSetAsideAndNoStageStops() throws Exception {
        // Other suites on the same stack may have restarted a service on purpose: compare, do not count.
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Integer> restarts = new LinkedHashMap<>();
        SERVICES.forEach(service -> {
            pids.put(service, stack.pid(service));
            restarts.put(service, stack.restarts(service));
        });
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();
        JsonNode before = admin.get("/api/v1/admin/stage-dead-letters").json();

        Http shopper = new Http(stack.gatewayUrl());
        assertThat(shopper.post("/api/v1/session", Map.of()).status()).isLessThan(300);
        for (Object price : List.of("1e999999999", new java.math.BigDecimal("1e999"))) {
            Http.Answer answer = shopper.post("/api/v1/events", Map.of("type", "add_to_cart",
                    "properties", Map.of("product_id", "p1", "price", price)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("price").hasSizeLessThan(2_000);
        }
        Http.Answer tiny = shopper.post("/api/v1/events", Map.of("type", "checkout_started",
                "properties", Map.of("checkout_id", "c1", "total", "1e-999999999", "currency", "INR")));
        assertThat(tiny.status()).as(tiny.body()).isEqualTo(400);

        String run = UUID.randomUUID().toString().substring(0, 8);
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.port("kafka")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : READERS.keySet()) {
                for (String poison : poison(topic, run)) {
                    producer.send(new ProducerRecord<>(topic, "u-poison-" + run,
                            poison.getBytes(StandardCharsets.UTF_8))).get();
                }
            }
        }

        JsonNode after = await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> admin.get("/api/v1/admin/stage-dead-letters").json(), report -> READERS.entrySet()
                        .stream().allMatch(e -> e.getValue().stream().allMatch(stage ->
                                added(before, report, stage, e.getKey()) >= 3)));
        assertThat(after.path("recentDeadLetters").findValuesAsString("reason"))
                .allSatisfy(reason -> assertThat(reason).hasSizeLessThanOrEqualTo(300))
                .anySatisfy(reason -> assertThat(reason).contains("at most 200 characters"))
                .anySatisfy(reason -> assertThat(reason).contains("must be between"));
        assertThat(after.toString()).doesNotContain("u-poison-" + run);
        pids.forEach((service, pid) -> assertThat(stack.pid(service)).as(service + " is the same process").isEqualTo(pid));
        SERVICES.forEach(service -> assertThat(stack.restarts(service)).as(service + " restarts")
                .isEqualTo(restarts.get(service)));

        // The partitions moved on: an ordinary message goes out end to end.
        Shopper buyer = Shopper.optedIn(stack);
        CatalogAndOrdersIT.addToCart(buyer, "p-aurora-lamp", "Aurora Desk Lamp", "2499", "/img/products/aurora-lamp.svg");
        String messageId = CatalogAndOrdersIT.previewAndSend(buyer);
        await().atMost(WAIT).until(() -> CatalogAndOrdersIT.sandboxRequestsTo(buyer.phone).toString().contains(messageId));
    }

    /** Malformed JSON, a time far out of bounds, and a 5,000-character id. */
    private static List<String> poison(String topic, String run) {
        List<String> fields = FIELDS.get(topic);
        return List.of("{\"schemaVersion\":1,\"" + fields.getFirst() + "\":",
                "{\"schemaVersion\":1,\"userId\":\"u-poison-" + run + "\",\"" + fields.get(1) + "\":\"9999-01-01T00:00:00Z\"}",
                "{\"schemaVersion\":1,\"" + fields.getFirst() + "\":\"" + "x".repeat(5_000) + "\"}");
    }

    /** How many more records the stage (or stages, for a prefix) set aside from the topic as unreadable. */
    private static long added(JsonNode before, JsonNode after, String stage, String topic) {
        return count(after, stage, topic) - count(before, stage, topic);
    }

    private static long count(JsonNode report, String stage, String topic) {
        long count = 0;
        for (var entry : report.path("deadLettersByStage").properties()) {
            String[] key = entry.getKey().split(" ");
            boolean stageMatches = stage.endsWith("-") ? key[0].startsWith(stage) : key[0].equals(stage);
            if (stageMatches && key[1].equals(topic) && key[2].equals("unreadable")) {
                count += entry.getValue().asLong();
            }
        }
        return count;
    }
}
