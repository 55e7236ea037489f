package io.sbme.dispatcher;

import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.kafka.ContractSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for tracking-service's progress: a {@code progress} record on every partition of
 * {@code tracking-events} every {@code every}, its watermark the clock, as tracking publishes while
 * it keeps up. It can be held (tracking away or lagging) and let go again.
 */
final class TrackingProgress implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final Thread ticker;
    private volatile boolean held;
    private volatile boolean running = true;

    private TrackingProgress(String bootstrapServers, Duration every) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ContractSerializer());
        this.ticker = Thread.ofPlatform().daemon().name("tracking-progress").start(() -> {
            while (running) {
                if (!held) {
                    tick();
                }
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Starts publishing progress at once. */
    static TrackingProgress start(String bootstrapServers) {
        return new TrackingProgress(bootstrapServers, Duration.ofMillis(200));
    }

    /** Publishes nothing more: the watermark stays where it is, as when tracking is away. */
    void hold() {
        held = true;
    }

    /** Publishes progress again, with the clock. */
    void release() {
        held = false;
    }

    private void tick() {
        try {
            TrackingEvent marker = new TrackingEvent(TrackingEvent.SCHEMA_VERSION, null, null, null, null, null, null,
                    TrackingStatus.PROGRESS, null, false, false, null, null, null, null, Instant.now());
            for (PartitionInfo partition : producer.partitionsFor(Topics.TRACKING_EVENTS)) {
                producer.send(new ProducerRecord<>(Topics.TRACKING_EVENTS, partition.partition(), null, marker))
                        .get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // The broker may not have the topic yet; the next tick tries again.
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        ticker.interrupt();
        ticker.join(5_000);
        producer.close(Duration.ofSeconds(5));
    }
}
