package io.sbme.support.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.sbme.contracts.Topics;

/**
 * Keeps one series per topic in the Kafka client metrics. The Kafka client reports some metrics
 * twice, once with the topic's name ({@code channel-control.v1}) and once with its dots replaced
 * ({@code channel-control_v1}); dashboards summing by topic would count those twice.
 */
public final class KafkaTopicTags implements MeterFilter {

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!id.getName().startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        String topic = id.getTag("topic");
        return topic != null && isDottedTwin(topic) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    /** Whether the tag is a product topic's name with its dots replaced by underscores. */
    static boolean isDottedTwin(String topic) {
        if (topic.contains(".")) {
            return false;
        }
        String base = topic.replaceFirst("(-retry(-\\d+)?|-dlt)$", "");
        String suffix = topic.substring(base.length());
        return Topics.all().stream().anyMatch(name -> name.replace('.', '_').equals(base)
                || (name.replace('.', '_') + suffix).equals(topic));
    }
}
