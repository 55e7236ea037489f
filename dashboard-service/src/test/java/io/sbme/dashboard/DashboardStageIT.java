package io.sbme.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Flow;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.dashboard.metrics.MetricsQuery;
import io.sbme.dashboard.metrics.MetricsReport;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.testing.RedisContents;
import io.sbme.support.testing.TestRedis;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard against a real Kafka broker and a real Redis: what is published to the topics is
 * what the API and the stream show, once, within a second; an erased user is gone from all of it.
 * Restarts are {@link DashboardRestartIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "dashboard.min-sample-per-arm=5"})
@EmbeddedKafka(partitions = 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardStageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    @LocalServerPort
    int port;
    @Value("${spring.embedded.kafka.brokers}")
    String brokers;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    GatewayToken tokens;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    MetricsQuery metricsQuery;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void everyEndpointRefusesRequestsWithoutAGatewayTokenAndNonAdmins() throws Exception {
        List<String> paths = List.of("/api/v1/dashboard/metrics", "/api/v1/dashboard/stream", "/api/v1/admin/logs",
                "/api/v1/admin/messages/m-1", "/api/v1/admin/audit", "/api/v1/admin/audit/verify");

        for (String path : paths) {
            assertThat(get(path, null).statusCode()).as("no token: " + path).isEqualTo(401);
            assertThat(get(path, new Caller("u-1", Caller.Role.SHOPPER)).statusCode()).as("shopper: " + path).isEqualTo(403);
        }
        assertThat(get("/api/v1/dashboard/metrics", admin(), "X-Sbme-Identity", "forged.token").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void badParametersAreRefusedWithProblemDetails() throws Exception {
        for (String path : List.of("/api/v1/dashboard/metrics?flow=nope", "/api/v1/dashboard/metrics?channel=fax",
                "/api/v1/dashboard/metrics?since=yesterday", "/api/v1/dashboard/metrics?since=2020-01-01T00:00:00Z",
                "/api/v1/admin/logs?limit=501", "/api/v1/admin/logs?limit=0", "/api/v1/admin/logs?type=gossip",
                "/api/v1/admin/logs?userId=%3Cscript%3E", "/api/v1/admin/audit?limit=9999")) {
            HttpResponse<String> response = get(path, admin());

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(get("/api/v1/admin/messages/unknown-message", admin()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void metricsEqualAReconciliationOfTheTopicsAfterAScriptedRunWithRedeliveries() throws Exception {
        Map<String, Long> before = Script.counters(report(null));
        Script script = new Script(runId(), Flow.PRICE_DROP, 60, 7, Instant.now().minusSeconds(120));
        long connectionsBefore = TestRedis.connectionsReceived();

        publish(script);

        Map<String, Long> expected = Script.plus(before, script.expectedCounts());
        await().atMost(WAIT).untilAsserted(() -> assertThat(Script.counters(report(null))).isEqualTo(expected));
        // Every record reuses the shared connection (a Lettuce pipeline would open one per journey step).
        assertThat(TestRedis.connectionsReceived() - connectionsBefore).isLessThan(10);
        MetricsReport flowOnly = report("price_drop");
        List<TrackingEvent> tracking = script.distinct(TrackingEvent.class);
        List<DispatchResult> results = script.distinct(DispatchResult.class);
        assertThat(flowOnly.revenue()).isEqualByComparingTo(tracking.stream()
                .filter(t -> t.status() == TrackingStatus.CONVERTED && !"holdout".equals(t.detail()))
                .map(TrackingEvent::revenue).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(flowOnly.fallbackCauses()).isEqualTo(results.stream()
                .filter(r -> r.outcome() == DispatchOutcome.FELL_BACK)
                .collect(Collectors.groupingBy(DispatchResult::cause, Collectors.counting())));
        MetricsReport.FunnelRow all = flowOnly.funnel().stream().filter(r -> r.channel().equals("all")).findFirst().orElseThrow();
        assertThat(all.decided()).isEqualTo(script.distinct(Decision.class).stream()
                .filter(d -> d.outcome() == DecisionOutcome.SEND).count());
        assertThat(all.sent()).isEqualTo(flowOnly.sent());
        assertThat(all.converted()).isEqualTo(flowOnly.converted());
        assertThat(all.rates().get("delivered")).isEqualTo((double) all.delivered() / all.sent());
        MetricsReport.FunnelRow sms = flowOnly.funnel().stream().filter(r -> r.channel().equals("sms")).findFirst().orElseThrow();
        assertThat(sms.sent()).isEqualTo(results.stream()
                .filter(r -> r.outcome() == DispatchOutcome.SENT && r.channel() == Channel.SMS).count());
        assertExperimentsMatch(script, flowOnly);
        Instant scriptStart = Instant.now().minusSeconds(180);
        assertThat(Script.counters(metricsQuery.report("price_drop", null, scriptStart, () -> 0)))
                .isEqualTo(Script.counters(flowOnly));
        assertThat(Script.counters(metricsQuery.report("price_drop", null, Instant.now().plusSeconds(120), () -> 0)))
                .allSatisfy((name, value) -> assertThat(value).as(name).isZero());
        assertThat(json(get("/api/v1/dashboard/metrics?flow=price_drop&channel=sms&since=" + scriptStart, admin()))
                .path("sent").asLong()).isEqualTo(sms.sent());
    }

    @Test
    @Order(4)
    void aMessagesJourneyListsItsStepsInOrderWithTimings() throws Exception {
        Script script = new Script(runId(), Flow.CHECKOUT_RESCUE, 12, 3, Instant.now().minusSeconds(60));
        String messageId = script.distinct(TrackingEvent.class).stream()
                .filter(t -> t.status() == TrackingStatus.CONVERTED && t.messageId() != null).findFirst().orElseThrow().messageId();

        publish(script);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode journey = json(get("/api/v1/admin/messages/" + messageId, admin()));
            List<String> steps = new ArrayList<>();
            journey.path("steps").forEach(s -> steps.add(s.path("step").asString()));
            assertThat(steps).startsWith("event", "decision", "composition", "attempt").contains("status", "click")
                    .endsWith("conversion");
            assertThat(journey.path("steps").get(0).path("sinceStartMs").asLong()).isZero();
            assertThat(journey.path("totalMs").asLong()).isPositive();
        });
        JsonNode logs = json(get("/api/v1/admin/logs?messageId=" + messageId + "&type=click", admin()));
        assertThat(logs.size()).isPositive();
        logs.forEach(entry -> assertThat(entry.path("messageId").asString()).isEqualTo(messageId));
    }

    @Test
    @Order(5)
    void aConnectedStreamShowsEachTrackingEventWithinOneSecondAndResumesFromLastEventId() throws Exception {
        BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        var connection = connect(null, events);
        SseEvent first = poll(events, "metrics");
        long clicked = ContractJson.mapper().readTree(first.data()).path("clicked").asLong();
        List<Long> latencies = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            events.clear();
            String id = runId();
            long start = System.nanoTime();
            kafka.send(Topics.TRACKING_EVENTS, "u-" + id, new TrackingEvent(1, "lat-" + id, "m-" + id, "u-" + id,
                    Flow.SUPPORT_REPLY, "A", Channel.WHATSAPP, TrackingStatus.CLICKED, null, false, true, null, null,
                    null, null, Instant.now()));
            clicked++;
            long expected = clicked;
            SseEvent seen = null;
            while (seen == null) {
                SseEvent event = poll(events, "metrics");
                if (ContractJson.mapper().readTree(event.data()).path("clicked").asLong() >= expected) {
                    seen = event;
                }
            }
            latencies.add(TimeUnit.NANOSECONDS.toMillis(seen.receivedNanos() - start));
        }
        connection.cancel(true);

        List<Long> sorted = latencies.stream().sorted().toList();
        long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
        org.slf4j.LoggerFactory.getLogger(DashboardStageIT.class).info("SSE latency p95 {} ms, samples {}", p95, latencies);
        assertThat(p95).as("p95 of %s ms", latencies).isLessThan(1000);

        long resumeFrom = Long.parseLong(json(get("/api/v1/admin/logs?limit=5", admin())).get(4).path("id").asString());
        BlockingQueue<SseEvent> resumed = new LinkedBlockingQueue<>();
        var again = connect(resumeFrom, resumed);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(Long.parseLong(poll(resumed, "timeline").id()));
        }
        again.cancel(true);
        assertThat(ids).containsExactly(resumeFrom + 1, resumeFrom + 2, resumeFrom + 3, resumeFrom + 4);
    }

    @Test
    @Order(6)
    void theAuditChainVerifiesAndDetectsAChangedEntryCommitmentOrUser() throws Exception {
        String run = runId();
        String user = "u-" + runId();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.AUDIT_LOG, "consent-service", audit("aud-" + run + "-" + i, "consent.revoked", null, user));
        }
        kafka.send(Topics.AUDIT_LOG, "consent-service", audit("aud-" + run + "-0", "consent.revoked", null, user));
        await().atMost(WAIT).until(() -> chain().stream().filter(s -> s.contains(run)).count() == 3);
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/audit?limit=3", admin())).get(0).path("entry")
                .path("entryId").asString().equals("aud-" + run + "-2"));
        JsonNode valid = json(get("/api/v1/admin/audit/verify", admin()));
        assertThat(valid.path("valid").asBoolean()).isTrue();
        long size = redis.opsForList().size("dash:audit:chain");
        assertThat(valid.path("entries").asLong()).isEqualTo(size);

        long tampered = size - 2;
        String original = redis.opsForList().index("dash:audit:chain", tampered);
        String commitment = ContractJson.mapper().readTree(original).path("entry").path("userCommitment").asString();
        String opening = (String) redis.opsForHash().get("dash:audit:openings", String.valueOf(tampered));
        assertThat(original).doesNotContain(user);
        assertThat(opening).contains(user);

        redis.opsForList().set("dash:audit:chain", tampered, original.replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\""));
        JsonNode changedEntry = json(get("/api/v1/admin/audit/verify", admin()));
        redis.opsForList().set("dash:audit:chain", tampered, original.replace(commitment, "0".repeat(64)));
        JsonNode changedCommitment = json(get("/api/v1/admin/audit/verify", admin()));
        redis.opsForList().set("dash:audit:chain", tampered, original);
        redis.opsForHash().put("dash:audit:openings", String.valueOf(tampered), opening.replace(user, "u-someone-else"));
        JsonNode changedUser = json(get("/api/v1/admin/audit/verify", admin()));
        redis.opsForHash().put("dash:audit:openings", String.valueOf(tampered), opening);

        for (JsonNode broken : List.of(changedEntry, changedCommitment, changedUser)) {
            assertThat(broken.path("valid").asBoolean()).as(broken.toString()).isFalse();
            assertThat(broken.path("firstBadEntry").asLong()).as(broken.toString()).isEqualTo(tampered);
        }
        assertThat(json(get("/api/v1/admin/audit/verify", admin())).path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void anEraseRequestForgetsTheUserEverywhereButKeepsTheCountsAndAVerifiableChain() throws Exception {
        String user = "u-" + runId();
        String other = "u-" + runId();
        String messageId = "m-" + runId();
        String run = runId();
        kafka.send(Topics.DECISIONS, user, new Decision(1, "d-" + runId(), messageId, null, user, Flow.BROWSE_ABANDONMENT,
                DecisionOutcome.SEND, "browsed", null, null, null, "tpl", "A", "A", List.of(Channel.WHATSAPP), null,
                true, false, "event", 60, null, Instant.now()));
        kafka.send(Topics.AUDIT_LOG, "decision-service", audit("aud-" + run + "-1", "flow.trigger", messageId, user));
        kafka.send(Topics.AUDIT_LOG, "consent-service", audit("aud-" + run + "-2", "consent.revoked", null, user));
        kafka.send(Topics.AUDIT_LOG, "consent-service", audit("aud-" + run + "-3", "consent.revoked", null, other));
        kafka.send(Topics.CONSENT_STATE, user, new ConsentState(1, user, 3, ConsentStatus.REVOKED, "+91 ••••••4321", "IN",
                "Asia/Kolkata", new ConsentState.ChannelConsent(false, false), null, "keyword_stop", Instant.now()));
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?userId=" + user, admin())).size() == 4);
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?userId=" + other, admin())).size() == 1);
        Map<String, Long> countsBefore = Script.counters(report(null));
        JsonNode experimentBefore = experiment(report("browse_abandonment"));
        long linksBefore = redis.opsForList().size("dash:audit:chain");
        assertThat(redisDump()).as("the user is in Redis before the erase").anySatisfy((key, value) ->
                assertThat(key + value).contains(user));

        String requestId = "pr-" + runId();
        kafka.send(Topics.PRIVACY_REQUESTS, user, new PrivacyRequest(1, requestId, user, PrivacyRequest.ERASE, "admin",
                Instant.now()));
        // as consent-service records the deletion: by its request, never by the user
        kafka.send(Topics.AUDIT_LOG, "consent-service", audit("aud-" + run + "-4", "user.deleted", requestId, null));
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?type=erase", admin())).findValues("summary").stream()
                .anyMatch(s -> s.asString().contains("dashboard-service confirmed erase " + requestId)));
        // an entry about the user that reaches the dashboard only after the erase (a lagging producer or consumer)
        kafka.send(Topics.AUDIT_LOG, "dispatcher-service", audit("aud-" + run + "-5", "message.cancelled", messageId, user));
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(redis.opsForSet().isMember("dash:audit:ids", "aud-" + run + "-5"))
                && Boolean.TRUE.equals(redis.opsForSet().isMember("dash:audit:ids", "aud-" + run + "-4")));

        redisDump().forEach((key, value) -> {
            assertThat(key).doesNotContain(user);
            assertThat(value).as(key).doesNotContain(user);
        });
        assertThat(json(get("/api/v1/admin/logs?userId=" + user, admin())).size()).isZero();
        JsonNode others = json(get("/api/v1/admin/logs?userId=" + other, admin()));
        assertThat(others.findValues("summary")).extracting(JsonNode::asString).containsExactly("admin consent.revoked → ok");
        JsonNode erased = json(get("/api/v1/admin/logs?userId=erased&limit=500", admin()));
        assertThat(erased.findValues("summary").stream().map(JsonNode::asString))
                .anyMatch(s -> s.startsWith("keyword_stop")).anyMatch(s -> s.startsWith("SEND browse_abandonment"))
                .anyMatch(s -> s.equals("admin flow.trigger " + messageId + " → ok"))
                .anyMatch(s -> s.equals("admin message.cancelled " + messageId + " → ok"));
        erased.forEach(entry -> assertThat(entry.path("maskedPhone").asString(null)).as(entry.toString()).isNull());
        JsonNode verification = json(get("/api/v1/admin/audit/verify", admin()));
        assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("entries").asLong()).isEqualTo(linksBefore + 2);
        Map<String, JsonNode> links = new LinkedHashMap<>();
        json(get("/api/v1/admin/audit?limit=20", admin())).forEach(l -> links.put(l.path("entry").path("entryId").asString(), l));
        for (String redacted : List.of("-1", "-2", "-5")) {
            JsonNode link = links.get("aud-" + run + redacted);
            assertThat(link.path("redacted").asBoolean()).as(link.toString()).isTrue();
            assertThat(link.path("userId").isNull()).as(link.toString()).isTrue();
            assertThat(link.path("entry").path("userCommitment").asString()).as(link.toString()).hasSize(64);
        }
        assertThat(links.get("aud-" + run + "-3").path("userId").asString()).isEqualTo(other);
        assertThat(links.get("aud-" + run + "-3").path("redacted").asBoolean()).isFalse();
        assertThat(links.get("aud-" + run + "-4").path("entry").path("subject").asString()).isEqualTo(requestId);
        assertThat(links.get("aud-" + run + "-4").path("entry").has("userCommitment")).isFalse();
        assertThat(Script.counters(report(null))).isEqualTo(countsBefore);
        assertThat(experiment(report("browse_abandonment"))).isEqualTo(experimentBefore);
        assertThat(redis.opsForSet().isMember("dash:optout:users", user)).isFalse();
    }

    @Test
    @Order(8)
    void recordsAboutAnErasedUserThatArriveLateStillCountButKeepNoId() throws Exception {
        String user = "u-" + runId();
        String messageId = "m-" + runId();
        String requestId = "pr-" + runId();
        kafka.send(Topics.PRIVACY_REQUESTS, user, new PrivacyRequest(1, requestId, user, PrivacyRequest.ERASE, "admin",
                Instant.now()));
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?type=erase", admin())).findValues("summary").stream()
                .anyMatch(s -> s.asString().contains("dashboard-service confirmed erase " + requestId)));
        Map<String, Long> before = Script.counters(report(null));

        // Other topics than privacy-requests: they can reach the dashboard after the erase was done.
        String eventId = "e-" + runId();
        kafka.send(Topics.CUSTOMER_EVENTS, user, new CustomerEvent(1, eventId, user, EventType.VIEW_PRODUCT, Instant.now(),
                Instant.now(), "web", null, null, null, "asked " + user, null, null, null));
        kafka.send(Topics.DECISIONS, user, new Decision(1, "d-" + runId(), messageId, null, user, Flow.BROWSE_ABANDONMENT,
                DecisionOutcome.SEND, "browsed", null, null, null, "tpl", "A", "A", List.of(Channel.WHATSAPP), null,
                true, false, "event", 60, null, Instant.now()));
        kafka.send(Topics.DISPATCH_RESULTS, user, new DispatchResult(1, "r-" + runId(), messageId, user,
                Flow.BROWSE_ABANDONMENT, "A", Channel.WHATSAPP, 1, DispatchOutcome.SENT, null, "pm_late", null,
                "+91 ••••••4321", Instant.now()));
        kafka.send(Topics.TRACKING_EVENTS, user, new TrackingEvent(1, "t-" + runId(), messageId, user,
                Flow.BROWSE_ABANDONMENT, "A", Channel.WHATSAPP, TrackingStatus.CONVERTED, null, false, true, "o-" + runId(),
                new BigDecimal("10.00"), "INR", null, Instant.now()));
        kafka.send(Topics.CONSENT_STATE, user, new ConsentState(1, user, 9, ConsentStatus.REVOKED, "+91 ••••••4321", "IN",
                "Asia/Kolkata", new ConsentState.ChannelConsent(false, false), null, "keyword_stop", Instant.now()));
        await().atMost(WAIT).until(() -> {
            Map<String, Long> now = Script.counters(report(null));
            return now.get("sent") == before.get("sent") + 1 && now.get("converted") == before.get("converted") + 1
                    && now.get("decided") == before.get("decided") + 1 && now.get("optOuts") == before.get("optOuts") + 1;
        });

        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?type=event&userId=erased&limit=500", admin()))
                .findValues("eventId").stream().anyMatch(id -> id.asString().equals(eventId)));

        redisDump().forEach((key, value) -> {
            assertThat(key).doesNotContain(user);
            assertThat(value).as(key).doesNotContain(user);
        });
        assertThat(json(get("/api/v1/admin/logs?messageId=" + messageId, admin())).findValues("userId"))
                .isNotEmpty().allSatisfy(id -> assertThat(id.asString()).isEqualTo("erased"));
    }

    @Test
    @Order(9)
    void theAuditLogTopicKeepsRawEntriesOnlyForABoundedRetention() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.AUDIT_LOG);

            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);

            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
            assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value())
                    .isEqualTo(String.valueOf(Duration.ofDays(1).toMillis()));
        }
    }

    @Test
    @Order(10)
    void recordsOutsideTheContractAreSetAsideWithTheStageAndReasonAndTheStageGoesOn() throws Exception {
        String run = runId();
        Map<String, String> poison = new LinkedHashMap<>();
        poison.put(Topics.CUSTOMER_EVENTS, "{not json");
        poison.put(Topics.DECISIONS, "{\"schemaVersion\":1,\"decisionId\":\"d-" + run + "\",\"userId\":\"u-" + run
                + "\",\"outcome\":\"SEND\",\"decidedAt\":\"1E-999999999\"}");
        poison.put(Topics.TRACKING_EVENTS, "{\"schemaVersion\":1,\"trackingId\":\"" + "x".repeat(5_000) + "\"}");
        poison.put(Topics.AUDIT_LOG, "[1,2,3]");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", brokers), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (var entry : poison.entrySet()) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(entry.getKey(), "u-" + run,
                        entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
            }
        }
        kafka.send(Topics.AUDIT_LOG, "decision-service", new AuditEntry(AuditEntry.SCHEMA_VERSION, "aud-restart-" + run,
                "decision-service", "system", io.sbme.support.poison.StageRestart.ACTION,
                "decision-service-events customer-events.v1-2", "restarted", Map.of("offset", "41", "starts", "1"),
                Instant.now(), null)).get();

        JsonNode report = await().atMost(WAIT).until(() -> json(get("/api/v1/admin/stage-dead-letters", admin())),
                r -> r.get("deadLetters").asLong() >= 4 && r.get("restarts").asLong() >= 1);

        for (String topic : poison.keySet()) {
            assertThat(report.get("deadLettersByStage").get("dashboard-service " + topic + " unreadable").asLong())
                    .as(topic).isEqualTo(1);
        }
        assertThat(report.get("recentDeadLetters").findValuesAsString("reason"))
                .allSatisfy(reason -> assertThat(reason).startsWith("unreadable: ").hasSizeLessThanOrEqualTo(300))
                .anySatisfy(reason -> assertThat(reason).contains("trackingId may have at most 200 characters"));
        assertThat(report.get("restartsByService").get("decision-service").asLong()).isEqualTo(1);
        assertThat(report.toString()).doesNotContain("u-" + run).doesNotContain("x".repeat(100));

        // The partitions moved on: a record after the poison ones is counted.
        Script after = new Script(run, Flow.ABANDONED_CART, 2, 2, Instant.now());
        long decidedBefore = report(null).decided();
        publish(after);
        await().atMost(WAIT).until(() -> report(null).decided() > decidedBefore);
        assertThat(get("/api/v1/admin/stage-dead-letters", new Caller("u-1", Caller.Role.SHOPPER)).statusCode())
                .isEqualTo(403);
    }

    private static void assertExperimentsMatch(Script script, MetricsReport report) {
        Map<String, Set<String>> users = script.distinct(Decision.class).stream()
                .collect(Collectors.groupingBy(Decision::experimentArm, Collectors.mapping(Decision::userId, Collectors.toSet())));
        Map<String, Set<String>> converters = new LinkedHashMap<>();
        script.distinct(TrackingEvent.class).stream().filter(t -> t.status() == TrackingStatus.CONVERTED)
                .forEach(t -> converters.computeIfAbsent("holdout".equals(t.detail()) ? "holdout" : t.variant(),
                        k -> new HashSet<>()).add(t.userId()));
        var experiment = report.experiments().stream().filter(e -> e.flow().equals("price_drop")).findFirst().orElseThrow();
        assertThat(experiment.arms()).hasSize(3).allSatisfy(arm -> {
            assertThat(arm.users()).as(arm.arm()).isEqualTo(users.get(arm.arm()).size());
            assertThat(arm.conversions()).as(arm.arm()).isEqualTo(converters.getOrDefault(arm.arm(), Set.of()).size());
        });
        assertThat(experiment.uplift()).extracting(u -> u.arm()).containsExactly("A", "B");
        assertThat(experiment.uplift()).allSatisfy(u -> assertThat(u.enoughData()).isTrue());
    }

    private JsonNode experiment(MetricsReport report) {
        return ContractJson.mapper().valueToTree(report.experiments());
    }

    // ---- plumbing

    private void publish(Script script) throws Exception {
        for (Script.Published p : script.records) {
            kafka.send(p.topic(), p.key(), p.value());
        }
        kafka.flush();
    }

    private static AuditEntry audit(String entryId, String action, String subject, String userId) {
        return new AuditEntry(AuditEntry.SCHEMA_VERSION, entryId, "consent-service", "admin", action, subject, "ok",
                Map.of("source", "admin"), Instant.now(), userId);
    }

    private List<String> chain() {
        return redis.opsForList().range("dash:audit:chain", 0, -1);
    }

    private Map<String, String> redisDump() {
        return RedisContents.dump(redis);
    }

    private MetricsReport report(String flow) {
        return metricsQuery.report(flow, null, null, () -> 0);
    }

    private static String runId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private Caller admin() {
        return new Caller("admin", Caller.Role.ADMIN);
    }

    private HttpResponse<String> get(String path, Caller caller, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (caller != null && headers.length == 0) {
            request.header(GatewayToken.HEADER, tokens.mint(caller));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (path.contains("/stream")) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ContractJson.mapper().readTree(response.body());
    }

    record SseEvent(String name, String id, String data, long receivedNanos) {
    }

    /** Connects an SSE client that puts every event on the queue as it arrives. */
    private java.util.concurrent.CompletableFuture<?> connect(Long lastEventId, BlockingQueue<SseEvent> events) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/dashboard/stream"))
                .header(GatewayToken.HEADER, tokens.mint(admin())).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", String.valueOf(lastEventId));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (var lines = response.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (name != null) {
                        events.add(new SseEvent(name, id, data.toString(), System.nanoTime()));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
        });
    }

    private static SseEvent poll(BlockingQueue<SseEvent> events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            SseEvent event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.name().equals(name)) {
                return event;
            }
        }
        throw new AssertionError("no " + name + " event within 10 s");
    }
}
