package io.sbme.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Topics;
import io.sbme.dashboard.audit.AuditChain;
import io.sbme.dashboard.audit.HashChain;
import io.sbme.dashboard.metrics.MetricsQuery;
import io.sbme.dashboard.metrics.MetricsReport;
import io.sbme.support.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * State survives a restart of dashboard-service: the first instance is closed completely before a
 * fresh one starts on the same Redis and broker, in the same consumer group. The fresh one shows
 * the same numbers, and counts what is published afterwards exactly once.
 */
@EmbeddedKafka(partitions = 1)
class DashboardRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GROUP = "dashboard-service";
    // A Redis database of its own: other test classes' instances share the server, not this data.
    private static final int DATABASE = 1;

    @Test
    void afterARestartTheNumbersAreTheSameAndRecordsPublishedLaterAreCountedExactlyOnce(EmbeddedKafkaBroker broker)
            throws Exception {
        String brokers = broker.getBrokersAsString();
        Script beforeRestart = new Script(runId(), Flow.PRICE_DROP, 60, 7, Instant.now().minusSeconds(180));
        Script afterRestart = new Script(runId(), Flow.PRICE_DROP, 30, 5, Instant.now().minusSeconds(60));
        Map<String, Long> counted;
        MetricsReport before;
        HashChain.Verification chainBefore;

        try (ConfigurableApplicationContext first = start(brokers)) {
            Map<String, Long> empty = Script.counters(report(first));
            publish(first, beforeRestart, 3);
            await().atMost(WAIT).until(() -> caughtUp(brokers));
            counted = Script.counters(report(first));
            before = report(first);
            chainBefore = first.getBean(AuditChain.class).verify();

            assertThat(counted).isEqualTo(Script.plus(empty, beforeRestart.expectedCounts()));
            assertThat(chainBefore).isEqualTo(new HashChain.Verification(true, 3, null));
        }
        await().atMost(WAIT).until(() -> members(brokers) == 0);

        try (ConfigurableApplicationContext second = start(brokers)) {
            // Assigned and caught up: had the first instance left records uncommitted, the second
            // would have re-read them by now, and they would show in the numbers below.
            await().atMost(WAIT).until(() -> assigned(second) && caughtUp(brokers));
            MetricsReport after = report(second);

            assertThat(Script.counters(after)).isEqualTo(counted);
            assertThat(after.revenue()).isEqualByComparingTo(before.revenue());
            assertThat(after.fallbackCauses()).isEqualTo(before.fallbackCauses());
            assertThat(ContractJson.writeString(after.funnel())).isEqualTo(ContractJson.writeString(before.funnel()));
            assertThat(ContractJson.writeString(after.experiments())).isEqualTo(ContractJson.writeString(before.experiments()));
            assertThat(second.getBean(AuditChain.class).verify()).isEqualTo(chainBefore);

            publish(second, afterRestart, 2);
            await().atMost(WAIT).until(() -> caughtUp(brokers));

            assertThat(Script.counters(report(second))).isEqualTo(Script.plus(counted, afterRestart.expectedCounts()));
            assertThat(second.getBean(AuditChain.class).verify()).isEqualTo(new HashChain.Verification(true, 5, null));
        }
    }

    private static ConfigurableApplicationContext start(String brokers) {
        // command-line arguments, because they outrank the service's own configuration files
        return new SpringApplicationBuilder(DashboardApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + brokers, "--sbme.kafka.partitions=1",
                "--spring.kafka.consumer.group-id=" + GROUP, "--spring.data.redis.port=" + TestRedis.port(),
                "--spring.data.redis.database=" + DATABASE, "--dashboard.min-sample-per-arm=5");
    }

    /** Publishes the script, then {@code audits} audit entries about its first user, and waits for the broker. */
    @SuppressWarnings("unchecked")
    private static void publish(ConfigurableApplicationContext context, Script script, int audits) {
        KafkaTemplate<String, Object> kafka = context.getBean(KafkaTemplate.class);
        for (Script.Published p : script.records) {
            kafka.send(p.topic(), p.key(), p.value());
        }
        for (int i = 0; i < audits; i++) {
            kafka.send(Topics.AUDIT_LOG, "consent-service", new AuditEntry(AuditEntry.SCHEMA_VERSION,
                    "aud-" + script.runId + "-" + i, "consent-service", "admin", "consent.revoked", null, "ok", Map.of(),
                    Instant.now(), "u-" + script.runId + "-0"));
        }
        kafka.flush();
    }

    private static MetricsReport report(ConfigurableApplicationContext context) {
        return context.getBean(MetricsQuery.class).report(null, null, null, () -> 0);
    }

    private static boolean assigned(ConfigurableApplicationContext context) {
        return context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty());
    }

    /** Every record on every topic was processed by the group: its committed offsets are at the end. */
    private static boolean caughtUp(String brokers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            var committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            var partitions = Topics.all().stream().map(t -> new TopicPartition(t, 0))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(partitions).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        }
    }

    private static int members(String brokers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            return admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members().size();
        }
    }

    private static String runId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
