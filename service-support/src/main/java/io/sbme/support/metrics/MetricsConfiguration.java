package io.sbme.support.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Metric filters every service shares. */
@AutoConfiguration
@ConditionalOnClass(MeterFilter.class)
public class MetricsConfiguration {

    @Bean
    MeterFilter kafkaTopicTags() {
        return new KafkaTopicTags();
    }
}
