package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A load program (not a test) for dispatch throughput: a real Kafka broker (embedded KRaft), a real
 * Redis, the dispatcher application itself, and a provider endpoint. Publishes N composed messages
 * to {@code composed-messages} and measures until N {@code sent} results are on
 * {@code dispatch-results}: messages per second end to end through the dispatcher (consent gate,
 * vault resolve, ledger claim, rate limit, breaker, provider call, result publication).
 *
 * <p>Options: {@code --messages 5000 --partitions 6 --consumers 3 --in-flight 200 --provider-latency-ms 5 --fail-every 0
 * --provider-url http://localhost:8090} (the provider-sandbox; default an in-process Meta/Twilio
 * fake). The vault is always the in-process fake. See dispatcher-service/README.md.
 */
public final class DispatchBenchmark {

    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "5000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "6"));
        long latency = Long.parseLong(options.getOrDefault("provider-latency-ms", "5"));
        int consumers = Integer.parseInt(options.getOrDefault("consumers", "3"));
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "200"));
        int failEvery = Integer.parseInt(options.getOrDefault("fail-every", "0"));

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperty("log.dirs", System.getProperty("java.io.tmpdir") + "/sbme-bench-" + UUID.randomUUID());
        broker.afterPropertiesSet();
        FakeProvider world = new FakeProvider();
        world.latency(latency);
        String providerUrl = options.getOrDefault("provider-url", world.url());
        List<String> users = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String userId = "u-bench-" + i;
            world.optIn(userId, "+9198" + String.format("%08d", i));
            if (failEvery > 0 && i % failEvery == failEvery - 1) {
                // A transient provider error: the message comes back through the retry topics.
                world.script("+9198" + String.format("%08d", i), new FakeProvider.Answer(503, "{}"));
            }
            users.add(userId);
        }

        // Command-line arguments: they outrank sbme-defaults.yml, which a service's own settings do not.
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DispatcherApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.data.redis.port=" + TestRedis.port(),
                "--sbme.kafka.partitions=" + partitions,
                "--sbme.dispatcher.concurrency=" + consumers,
                "--sbme.dispatcher.in-flight=" + inFlight,
                "--sbme.dispatcher.consent-url=" + world.url(),
                "--sbme.dispatcher.whatsapp.base-url=" + providerUrl,
                "--sbme.dispatcher.sms.base-url=" + providerUrl,
                "--sbme.dispatcher.rate-per-second.whatsapp=1000000",
                "--sbme.dispatcher.rate-per-second.sms=1000000",
                "--logging.structured.format.console=",
                "--logging.level.root=WARN");
        try {
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            KafkaConsumer<String, String> results = consumer(broker.getBrokersAsString());
            results.poll(Duration.ofMillis(500));
            // The clock starts once every dispatcher consumer holds its partitions.
            var registry = app.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class);
            long assignedBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (registry.getListenerContainers().stream()
                    .anyMatch(c -> c.getAssignedPartitions() == null || c.getAssignedPartitions().isEmpty())) {
                if (System.nanoTime() > assignedBy) {
                    throw new IllegalStateException("dispatcher consumers got no partitions within 60 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            ContractPublisher publisher = app.getBean(ContractPublisher.class);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            world.resetMostAtOnce();
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (String userId : users) {
                MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), userId, List.of(Channel.WHATSAPP), 0);
                publishedAt.put(message.messageId(), System.nanoTime());
                publisher.publish(Topics.COMPOSED_MESSAGES, userId, message);
            }
            long published = System.nanoTime();
            List<Long> latencies = new ArrayList<>();
            Map<String, Integer> others = new java.util.TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (latencies.size() < messages && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                    DispatchResult result = ContractJson.read(record.value(), DispatchResult.class);
                    if (result.outcome() != DispatchOutcome.SENT) {
                        others.merge(result.outcome().name().toLowerCase() + ":" + result.cause(), 1, Integer::sum);
                    }
                    // Only a sent result ends a message: a transient failure before it is followed by a retry.
                    Long sentAt = result.outcome() == DispatchOutcome.SENT ? publishedAt.remove(result.messageId()) : null;
                    if (sentAt != null) {
                        latencies.add(System.nanoTime() - sentAt);
                    }
                }
            }
            long finished = System.nanoTime();
            long cpu = os.getProcessCpuTime() - cpuBefore;
            results.close();
            latencies.sort(Long::compare);
            double seconds = (finished - started) / 1e9;
            System.out.printf("%nDispatch benchmark: %d messages, %d partitions, %d consumers, %d in flight at most,"
                    + " provider %s (+%d ms)%n", messages, partitions, consumers, inFlight, providerUrl, latency);
            System.out.printf("  published in %.2f s; %d sent in %.2f s -> %.0f messages/s%n",
                    (published - started) / 1e9, latencies.size(), seconds, latencies.size() / seconds);
            if (!latencies.isEmpty()) {
                System.out.printf("  publish-to-sent latency p50 %d ms, p95 %d ms, p99 %d ms%n",
                        pct(latencies, 0.50), pct(latencies, 0.95), pct(latencies, 0.99));
            }
            System.out.printf("  provider requests %d, at most %d at once%n", world.requests().stream()
                    .filter(r -> !r.channel().equals("vault")).count(), world.mostAtOnce());
            if (!others.isEmpty()) {
                System.out.printf("  other results (outcome:cause) %s%n", others);
            }
            System.out.printf("  CPU of this JVM (broker, dispatcher, fakes, load): %.2f ms per sent message%n",
                    latencies.isEmpty() ? 0.0 : cpu / 1e6 / latencies.size());
        } finally {
            app.close();
            world.close();
            broker.destroy();
        }
        System.exit(0);
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1_000_000;
    }

    private static KafkaConsumer<String, String> consumer(String brokers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.DISPATCH_RESULTS));
        return consumer;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
