package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Concurrent dispatch with transient failures spread over several partitions of the main and
 * retry topics, as in production: every failed message must come back from its retry topic and go
 * out, while the messages around it are dispatched concurrently.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=12",
        "sbme.kafka.partitions-of.composed-messages-v1=12",
        "sbme.dispatcher.retry.delay-ms=500",
        "sbme.dispatcher.retry.jitter-ms=100",
        "sbme.dispatcher.breaker.minimum-calls=1000",
        "sbme.dispatcher.breaker.sliding-window-calls=1000",
        "sbme.dispatcher.concurrency=1"})
@EmbeddedKafka(partitions = 12)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryUnderLoadIT {

    static final FakeProvider world = new FakeProvider();

    @Autowired ContractPublisher publisher;
    @Autowired EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void outsideWorld(DynamicPropertyRegistry registry) {
        world.standIn(registry);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @Test
    void everyTransientFailureAmongConcurrentDispatchesIsRetriedUntilSent() {
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "retry-load-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<MessageComposed> messages = new ArrayList<>();
        List<String> failingOnce = new ArrayList<>();
        world.latency(30);
        for (int i = 0; i < 400; i++) {
            String userId = "u-load-" + UUID.randomUUID();
            String phone = "+9197" + String.format("%08d", i);
            world.optIn(userId, phone);
            if (i % 20 == 0) {
                world.script(phone, new FakeProvider.Answer(503, "{}"));
                failingOnce.add(phone);
            }
            messages.add(Messages.composed("msg-" + UUID.randomUUID(), userId, List.of(Channel.WHATSAPP), 0));
        }
        try (Consumer<String, String> results = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            results.subscribe(List.of(Topics.DISPATCH_RESULTS));
            messages.forEach(m -> publisher.publish(Topics.COMPOSED_MESSAGES, m.userId(), m));

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(100))) {
                    DispatchResult result = ContractJson.read(record.value(), DispatchResult.class);
                    if (result.outcome() == DispatchOutcome.SENT) {
                        sent.add(result.messageId());
                    }
                }
                return sent.size() == messages.size();
            });
        } finally {
            world.latency(0);
        }
        assertThat(failingOnce).allSatisfy(phone -> assertThat(world.providerRequestsTo(phone)).hasSize(2));
        assertThat(world.mostAtOnce()).isGreaterThan(1);
    }
}
