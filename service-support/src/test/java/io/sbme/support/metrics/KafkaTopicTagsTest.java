package io.sbme.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A Kafka client metric is kept once per topic: under the topic's own name, not its underscored twin. */
class KafkaTopicTagsTest {

    @Test
    void theUnderscoredTwinOfATopicIsDroppedAndEverythingElseKept() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new KafkaTopicTags());

        registry.gauge("kafka.consumer.fetch.manager.records.lag.max", Tags.of("topic", "channel-control.v1"), 1);
        registry.gauge("kafka.consumer.fetch.manager.records.lag.max", Tags.of("topic", "channel-control_v1"), 1);
        registry.gauge("kafka.consumer.fetch.manager.records.lag.max", Tags.of("topic", "composed-messages_v1-retry-0"), 1);
        registry.gauge("kafka.consumer.fetch.manager.bytes.consumed.total", Tags.empty(), 1);
        registry.gauge("http.other", Tags.of("topic", "channel-control_v1"), 1);

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName() + " " + m.getId().getTag("topic"))
                .containsExactlyInAnyOrder("kafka.consumer.fetch.manager.records.lag.max channel-control.v1",
                        "kafka.consumer.fetch.manager.bytes.consumed.total null", "http.other channel-control_v1");
    }
}
