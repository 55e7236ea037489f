package io.sbme.support.poison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A stage restarted after its process stopped in the middle of records, against a real broker.
 * The marks file is written the way the stopped processes left it: one record started twice and
 * never finished (it stopped the stage twice), another started once (an innocent record caught by
 * a {@code kill -9}). The restarted stage dead-letters the first with its reason, processes the
 * second, goes on with the partition, and says in the audit log that it restarted mid-record.
 */
@EmbeddedKafka(partitions = 2, topics = Topics.CUSTOMER_EVENTS)
class CrashGuardIT {

    private static final String GROUP = "guard-test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aRecordThatStoppedTheStageTwiceIsDeadLetteredAndOneThatStoppedItOnceIsProcessed(EmbeddedKafkaBroker broker)
            throws Exception {
        String brokers = broker.getBrokersAsString();
        long poisonTime = System.currentTimeMillis() - 60_000;
        long innocentTime = poisonTime + 1;
        try (var producer = producer(brokers)) {
            producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, 0, poisonTime, key("u-1"), event("e-poison"))).get();
            producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, 1, innocentTime, key("u-2"), event("e-innocent"))).get();
        }
        Path marksFile = dir.resolve("guard-test-18321.marks");
        String poisoned = GROUP + " " + Topics.CUSTOMER_EVENTS + "-0";
        String innocent = GROUP + " " + Topics.CUSTOMER_EVENTS + "-1";
        try (InProgressMarks firstProcess = InProgressMarks.open(marksFile)) {
            firstProcess.begin(poisoned, 0, poisonTime);
        }
        try (InProgressMarks secondProcess = InProgressMarks.open(marksFile)) {
            secondProcess.begin(poisoned, 0, poisonTime);
            secondProcess.begin(innocent, 0, innocentTime);
        }

        try (ConfigurableApplicationContext stage = new SpringApplicationBuilder(GuardedStage.class).run(
                "--spring.main.web-application-type=none", "--server.port=18321",
                "--spring.application.name=" + GROUP, "--spring.kafka.bootstrap-servers=" + brokers,
                "--sbme.kafka.partitions=2", "--sbme.crash-guard.directory=" + dir)) {
            try (var producer = producer(brokers)) {
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, 0, null, key("u-1"), event("e-after"))).get();
            }

            await().atMost(WAIT).until(() -> GuardedStage.seen.containsAll(Set.of("e-innocent", "e-after")));
            assertThat(GuardedStage.seen).doesNotContain("e-poison");

            ConsumerRecord<byte[], byte[]> deadLetter = await().atMost(WAIT)
                    .until(() -> read(brokers, Topics.CUSTOMER_EVENTS + "-dlt"), list -> !list.isEmpty()).getFirst();
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).contains("e-poison");
            assertThat(DeadLetterReason.header(deadLetter.headers(), DeadLetterReason.STAGE)).isEqualTo(GROUP);
            assertThat(DeadLetterReason.header(deadLetter.headers(), DeadLetterReason.REASON))
                    .isEqualTo("stopped_while_processing: the stage stopped 2 times while processing this record");

            List<String> restarts = await().atMost(WAIT).until(() -> read(brokers, Topics.AUDIT_LOG).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .filter(v -> v.contains(StageRestart.ACTION)).toList(), list -> list.size() == 2);
            assertThat(restarts).anySatisfy(entry -> assertThat(entry).contains(poisoned).contains("\"starts\":\"2\""))
                    .anySatisfy(entry -> assertThat(entry).contains(innocent).contains("\"starts\":\"1\""));
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(String eventId) {
        return ("{\"schemaVersion\":1,\"eventId\":\"" + eventId + "\",\"userId\":\"u-1\",\"type\":\"page_view\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(String brokers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String brokers, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
            return records;
        }
    }

    /** A stage with one listener, as every stage's listeners are guarded. */
    @SpringBootApplication
    static class GuardedStage {

        static final Set<String> seen = ConcurrentHashMap.newKeySet();

        @KafkaListener(topics = Topics.CUSTOMER_EVENTS)
        void on(io.sbme.contracts.CustomerEvent event) {
            seen.add(event.eventId());
        }
    }
}
