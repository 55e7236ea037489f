package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.Topics;
import io.sbme.localstack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and the Prometheus alert rules read metrics the services really publish:
 * every metric name in their expressions is on some service's {@code /actuator/prometheus} of the
 * running stack. Metrics of other exporters (Prometheus's own {@code up}, kube-state-metrics) are
 * named as such and left out.
 */
class MetricsContractIT {

    private static final List<String> SERVICES = List.of("gateway-service", "event-ingest-service",
            "consent-service", "decision-service", "composer-service", "dispatcher-service", "tracking-service",
            "dashboard-service");
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void everyMetricInTheDashboardsAndAlertRulesIsPublishedByTheStack() throws Exception {
        // A counter exists once it has counted: set one record aside so the dead-letter series is there.
        try (var producer = new KafkaProducer<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.port("kafka")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT_LOG, "metrics-check",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> published().contains("sbme_dead_letters_total"));

        Set<String> used = new TreeSet<>();
        for (String expression : expressions()) {
            used.addAll(metricNames(expression));
        }
        used.removeIf(name -> name.equals("up") || name.startsWith("kube_"));

        assertThat(used).as("metrics the dashboards and rules read").isNotEmpty()
                .contains("http_server_requests_seconds_bucket", "sbme_dead_letters_total");
        assertThat(published()).containsAll(used);
    }

    @Test
    void theMetricNamesOfAnExpressionAreFoundAndItsFunctionsLabelsAndRangesAreNot() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, application) "
                + "(rate(http_server_requests_seconds_bucket{uri!~\"/actuator.*\"}[5m]))) > 0.5"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(metricNames("changes(process_start_time_seconds{job=~\"sbme.*\"}[15m]) >= 2 and up == 1"))
                .containsExactlyInAnyOrder("process_start_time_seconds", "up");
    }

    /** The metric names of one PromQL expression: identifiers that are not functions, labels, keywords. */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<String> expressions() throws Exception {
        List<String> expressions = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("prometheus/alerts.yml"))) {
            if (line.strip().startsWith("expr:")) {
                expressions.add(line.strip().substring("expr:".length()).strip());
            }
        }
        try (Stream<Path> dashboards = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
            for (Path dashboard : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                io.sbme.contracts.ContractJson.mapper().readTree(Files.readString(dashboard))
                        .findValuesAsString("expr").forEach(expressions::add);
            }
        }
        assertThat(expressions).hasSizeGreaterThan(5);
        return expressions;
    }

    /** Every metric name some service of the stack publishes. */
    private static Set<String> published() throws Exception {
        Set<String> names = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String service : SERVICES) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + stack.managementPort(service) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(service).isEqualTo(200);
            response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(names::add);
        }
        return names;
    }
}
