package io.sbme.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.dashboard.metrics.MetricsQuery;
import io.sbme.dashboard.metrics.MetricsReport;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.testing.TestRedis;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard against a real Kafka broker and a real Redis: what is published to the topics is
 * what the API and the stream show, once, within a second, and after a restart.
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
        Map<String, Long> before = counters(report(null));
        Script script = new Script(runId(), Flow.PRICE_DROP, 60, 7, Instant.now().minusSeconds(120));

        publish(script);

        Map<String, Long> expected = new LinkedHashMap<>(expectedDeltas(script));
        expected.replaceAll((k, v) -> v + before.getOrDefault(k, 0L));
        await().atMost(WAIT).untilAsserted(() -> assertThat(counters(report(null))).isEqualTo(expected));
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
        assertThat(counters(metricsQuery.report("price_drop", null, scriptStart, () -> 0))).isEqualTo(counters(flowOnly));
        assertThat(counters(metricsQuery.report("price_drop", null, Instant.now().plusSeconds(120), () -> 0)))
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
    void theAuditChainVerifiesAndDetectsAChangedEntry() throws Exception {
        String run = runId();
        for (int i = 0; i < 3; i++) {
            kafka.send(Topics.AUDIT_LOG, "dispatcher-service", new AuditEntry(1, "aud-" + run + "-" + i,
                    "dispatcher-service", "admin", "channel.paused", "whatsapp", "ok", Map.of("previous", "active"),
                    Instant.now()));
        }
        kafka.send(Topics.AUDIT_LOG, "dispatcher-service", new AuditEntry(1, "aud-" + run + "-0",
                "dispatcher-service", "admin", "channel.paused", "whatsapp", "ok", Map.of("previous", "active"), Instant.now()));
        await().atMost(WAIT).until(() -> Stream.of(redis.opsForList().range("dash:audit:chain", 0, -1).toArray())
                .filter(s -> s.toString().contains(run)).count() == 3);
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/audit?limit=3", admin())).get(0).path("entry")
                .path("entryId").asString().equals("aud-" + run + "-2"));
        JsonNode valid = json(get("/api/v1/admin/audit/verify", admin()));
        assertThat(valid.path("valid").asBoolean()).isTrue();
        long size = redis.opsForList().size("dash:audit:chain");
        assertThat(valid.path("entries").asLong()).isEqualTo(size);

        long tamperedIndex = size - 2;
        String original = redis.opsForList().index("dash:audit:chain", tamperedIndex);
        redis.opsForList().set("dash:audit:chain", tamperedIndex, original.replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\""));
        JsonNode broken = json(get("/api/v1/admin/audit/verify", admin()));
        redis.opsForList().set("dash:audit:chain", tamperedIndex, original);

        assertThat(broken.path("valid").asBoolean()).isFalse();
        assertThat(broken.path("firstBadEntry").asLong()).isEqualTo(tamperedIndex);
        assertThat(json(get("/api/v1/admin/audit/verify", admin())).path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void anEraseRequestRemovesTheUserIdFromTheTimelineButKeepsTheCounts() throws Exception {
        String user = "u-" + runId();
        kafka.send(Topics.DECISIONS, user, new Decision(1, "d-" + runId(), "m-" + runId(), null, user, Flow.BROWSE_ABANDONMENT,
                DecisionOutcome.SEND, "browsed", null, null, null, "tpl", "A", "A", List.of(Channel.WHATSAPP), null,
                true, false, "event", 60, null, Instant.now()));
        kafka.send(Topics.AUDIT_LOG, "decision-service", new AuditEntry(1, "aud-" + runId(), "decision-service", "admin",
                "flow.trigger", user, "SEND", Map.of(), Instant.now()));
        kafka.send(Topics.CONSENT_STATE, user, new ConsentState(1, user, 3, ConsentStatus.REVOKED, "+91 ••••••4321", "IN",
                "Asia/Kolkata", new ConsentState.ChannelConsent(false, false), null, "keyword_stop", Instant.now()));
        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?userId=" + user, admin())).size() == 3);
        Map<String, Long> countsBefore = counters(report(null));
        JsonNode experimentBefore = experiment(report("browse_abandonment"));

        String requestId = "pr-" + runId();
        kafka.send(Topics.PRIVACY_REQUESTS, user, new PrivacyRequest(1, requestId, user, PrivacyRequest.ERASE, "admin",
                Instant.now()));

        await().atMost(WAIT).until(() -> json(get("/api/v1/admin/logs?type=erase", admin())).findValues("summary").stream()
                .anyMatch(s -> s.asString().contains("dashboard-service confirmed erase " + requestId)));
        assertThat(json(get("/api/v1/admin/logs?userId=" + user, admin())).size()).isZero();
        JsonNode erased = json(get("/api/v1/admin/logs?userId=erased&limit=500", admin()));
        assertThat(erased.findValues("summary").stream().map(JsonNode::asString))
                .anyMatch(s -> s.startsWith("keyword_stop")).anyMatch(s -> s.startsWith("SEND browse_abandonment"))
                .anyMatch(s -> s.equals("admin flow.trigger erased → SEND"));
        erased.forEach(entry -> assertThat(entry.path("maskedPhone").asString(null)).as(entry.toString()).isNull());
        assertThat(redis.opsForList().range("dash:timeline", 0, -1)).noneMatch(s -> s.contains(user));
        assertThat(counters(report(null))).isEqualTo(countsBefore);
        assertThat(experiment(report("browse_abandonment"))).isEqualTo(experimentBefore);
        assertThat(redis.opsForSet().isMember("dash:optout:users", user)).isFalse();
    }

    @Test
    @Order(8)
    void aRestartedInstanceThatRereadsEveryTopicFromTheStartShowsTheSameNumbers() throws Exception {
        MetricsReport before = metricsQuery.report(null, null, null, () -> 0);
        String group = "dashboard-restart-" + runId();

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(DashboardApplication.class)
                .web(WebApplicationType.NONE)
                // command-line arguments, because they outrank the service's own configuration files
                .run("--spring.kafka.bootstrap-servers=" + brokers, "--sbme.kafka.partitions=1",
                        "--spring.kafka.consumer.group-id=" + group, "--spring.data.redis.port=" + TestRedis.port(),
                        "--dashboard.min-sample-per-arm=5")) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> caughtUp(group));
            MetricsReport after = restarted.getBean(MetricsQuery.class).report(null, null, null, () -> 0);

            assertThat(counters(after)).isEqualTo(counters(before));
            assertThat(after.revenue()).isEqualByComparingTo(before.revenue());
            assertThat(after.fallbackCauses()).isEqualTo(before.fallbackCauses());
            assertThat(ContractJson.writeString(after.funnel())).isEqualTo(ContractJson.writeString(before.funnel()));
            assertThat(ContractJson.writeString(after.experiments())).isEqualTo(ContractJson.writeString(before.experiments()));
        }
    }

    // ---- the reconciliation: counted straight from the script, independent of the stage's rules code

    private static Map<String, Long> expectedDeltas(Script script) {
        List<Decision> decisions = script.distinct(Decision.class);
        List<DispatchResult> results = script.distinct(DispatchResult.class);
        List<TrackingEvent> tracking = script.distinct(TrackingEvent.class);
        Set<String> optedOut = new HashSet<>();
        script.distinct(ConsentState.class).stream().filter(c -> Set.of("revoked", "keyword_stop").contains(c.change()))
                .forEach(c -> optedOut.add(c.userId()));
        tracking.stream().filter(t -> t.status() == TrackingStatus.OPTED_OUT).forEach(t -> optedOut.add(t.userId()));
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decided", decisions.stream().filter(d -> d.outcome() == DecisionOutcome.SEND).count());
        m.put("held", decisions.stream().filter(d -> d.outcome() == DecisionOutcome.HOLD).count());
        m.put("sent", count(results, DispatchOutcome.SENT));
        m.put("fallbacks", count(results, DispatchOutcome.FELL_BACK));
        m.put("cancelled", count(results, DispatchOutcome.CANCELLED)
                + decisions.stream().filter(d -> d.outcome() == DecisionOutcome.SUPPRESS && "consent_revoked".equals(d.reason())).count());
        m.put("blocked", count(results, DispatchOutcome.BLOCKED)
                + decisions.stream().filter(d -> d.outcome() == DecisionOutcome.HOLD && "no_consent".equals(d.reason())).count());
        m.put("deadLettered", count(results, DispatchOutcome.DEAD_LETTERED));
        m.put("delivered", firsts(tracking, TrackingStatus.DELIVERED));
        m.put("read", firsts(tracking, TrackingStatus.READ));
        m.put("clicked", firsts(tracking, TrackingStatus.CLICKED));
        m.put("converted", tracking.stream().filter(t -> t.status() == TrackingStatus.CONVERTED && t.firstForMessage()
                && !"holdout".equals(t.detail())).count());
        m.put("optOuts", (long) optedOut.size());
        assertThat(m.values()).as("the script exercises every counter").allMatch(v -> v > 0);
        return m;
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

    private static long count(Collection<DispatchResult> results, DispatchOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    private static long firsts(Collection<TrackingEvent> tracking, TrackingStatus status) {
        return tracking.stream().filter(t -> t.status() == status && t.firstForMessage()).count();
    }

    private static Map<String, Long> counters(MetricsReport r) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decided", r.decided());
        m.put("held", r.held());
        m.put("sent", r.sent());
        m.put("fallbacks", r.fallbacks());
        m.put("cancelled", r.cancelled());
        m.put("blocked", r.blocked());
        m.put("deadLettered", r.deadLettered());
        m.put("delivered", r.delivered());
        m.put("read", r.read());
        m.put("clicked", r.clicked());
        m.put("converted", r.converted());
        m.put("optOuts", r.optOuts());
        return m;
    }

    private JsonNode experiment(MetricsReport report) {
        return ContractJson.mapper().valueToTree(report.experiments());
    }

    // ---- plumbing

    private boolean caughtUp(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var partitions = Topics.all().stream().map(t -> new TopicPartition(t, 0))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(partitions).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        }
    }

    private void publish(Script script) throws Exception {
        for (Script.Published p : script.records) {
            kafka.send(p.topic(), p.key(), p.value());
        }
        kafka.flush();
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
