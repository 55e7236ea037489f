package io.sbme.support.kafka;

import io.sbme.contracts.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The Kafka setup every stage shares: all topics and their dead-letter topics declared once
 * (compaction where the design asks for it) and contract serialisation. What happens to a record
 * a stage cannot process is {@link io.sbme.support.poison.PoisonConfiguration}'s.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaTemplate.class)
public class KafkaContractsConfiguration {

    // Where an operator owns the topics (Strimzi's KafkaTopic resources in deploy/k8s), services
    // declare none: sbme.kafka.create-topics=false.
    @Bean
    @ConditionalOnProperty(name = "sbme.kafka.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics sbmeTopics(@Value("${sbme.kafka.partitions:3}") int partitions,
            @Value("${sbme.kafka.replication-factor:1}") short replicationFactor, Environment environment) {
        List<NewTopic> topics = Topics.all().stream()
                .map(name -> {
                    // A topic whose consumers scale out (composed-messages) may ask for more partitions.
                    int count = environment.getProperty("sbme.kafka.partitions-of." + name.replace('.', '-'),
                            Integer.class, partitions);
                    TopicBuilder builder = TopicBuilder.name(name).partitions(count).replicas(replicationFactor);
                    if (Topics.compacted(name)) {
                        builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    }
                    if (Topics.AUDIT_LOG.equals(name)) {
                        // Raw audit entries name users; an erase cannot reach them here, so they are
                        // kept only as long as the dashboard could need to (re)read them, whatever
                        // the broker's default retention.
                        builder.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Topics.AUDIT_LOG_RETENTION.toMillis()))
                                .config(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Topics.AUDIT_LOG_SEGMENT.toMillis()));
                    }
                    return builder.build();
                })
                .toList();
        // Dead-letter topics exist before anything fails, so the dashboard can read them from the start.
        topics = java.util.stream.Stream.concat(topics.stream(), topics.stream()
                .map(topic -> TopicBuilder.name(topic.name() + "-dlt").partitions(topic.numPartitions())
                        .replicas(replicationFactor).build()))
                .toList();
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    ContractPublisher contractPublisher(KafkaTemplate<String, Object> template) {
        return new ContractPublisher(template);
    }
}
