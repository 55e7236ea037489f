package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractSerializer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A load program (not a test) for dispatch throughput with the whole local stack running (started
 * by {@code dispatcher-service/bench/stack.sh}): opts shoppers in through the gateway like the
 * storefront does, publishes composed messages to {@code composed-messages} as composer-service
 * would, and counts {@code sent} results on {@code dispatch-results}. Every message goes through the
 * real dispatcher, consent-service's vault over HTTP and the provider sandbox over HTTP; the sandbox
 * posts its signed status webhooks to tracking through the gateway meanwhile, and every consumer
 * (tracking, decision, dashboard) reads the results, so the figure is what the machine sustains as
 * a whole. Prints the rate, latencies, and how much CPU each process of the stack used.
 *
 * <p>Options: {@code --gateway http://localhost:8080 --sandbox http://localhost:8090
 * --kafka 127.0.0.1:9092 --users 200 --messages 20000 --warmup 2000 --read-rate 1.0}.
 */
public final class StackDispatchBenchmark {

    private static final Pattern USER_ID = Pattern.compile("\"userId\"\\s*:\\s*\"([^\"]+)\"");

    private StackDispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String gateway = options.getOrDefault("gateway", "http://localhost:8080");
        String sandbox = options.getOrDefault("sandbox", "http://localhost:8090");
        String kafka = options.getOrDefault("kafka", "127.0.0.1:9092");
        int userCount = Integer.parseInt(options.getOrDefault("users", "200"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "20000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2000"));

        HttpClient plain = HttpClient.newHttpClient();
        put(plain, sandbox + "/sandbox/behaviour", """
                {"latencyMs":0,"readRate":%s}""".formatted(options.getOrDefault("read-rate", "1.0")));
        List<String> users = optIn(gateway, userCount);
        System.out.printf("opted in %d shoppers through the gateway%n", users.size());

        try (KafkaProducer<String, Object> producer = producer(kafka);
             KafkaConsumer<String, String> results = consumer(kafka)) {
            if (warmup > 0) {
                run(producer, results, users, warmup, "warm-up");
            }
            Map<String, Long> cpuBefore = cpuByProcess();
            long wallStarted = System.nanoTime();
            Outcome measured = run(producer, results, users, messages, "measured");
            double wall = (System.nanoTime() - wallStarted) / 1e9;
            Map<String, Long> cpuAfter = cpuByProcess();
            System.out.printf("CPU used per process during the measured run (%.1f s wall, %d cores):%n", wall,
                    Runtime.getRuntime().availableProcessors());
            Map<String, Long> used = new HashMap<>();
            cpuAfter.forEach((name, nanos) -> used.put(name, nanos - cpuBefore.getOrDefault(name, 0L)));
            used.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-24s %6.1f s  (%3.0f%% of one core)%n", e.getKey(),
                            e.getValue() / 1e9, 100 * e.getValue() / 1e9 / wall));
            long total = used.values().stream().mapToLong(Long::longValue).sum();
            // Machine-readable, last: every process of the stack, the sandbox and this load program included.
            System.out.printf(Locale.ROOT, "messages_per_second=%.0f%n", measured.perSecond());
            System.out.printf(Locale.ROOT, "cpu_ms_per_message=%.2f%n", measured.sent() == 0 ? Double.NaN
                    : total / 1e6 / measured.sent());
            System.out.printf(Locale.ROOT, "publish_to_sent_p99_ms=%d%n", measured.p99Millis());
        }
        String tools = options.get("kafka-tools");
        if (tools != null) {
            rawBaseline(tools, kafka, Integer.parseInt(options.getOrDefault("raw-records", "300000")));
        }
    }

    /** What a run counted: sent messages, their rate and the publish-to-sent p99. */
    record Outcome(int sent, double perSecond, long p99Millis) {
    }

    /**
     * Kafka's own producer performance tool against the same broker in the same run: 300-byte records
     * with {@code acks=all}, the CPU of the tool and of the broker per record. The ratio of a message
     * to a raw record is measured side by side, on the same noisy machine.
     */
    private static void rawBaseline(String classpath, String kafka, int records) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, Long> before = cpuByProcess();
        // `times` prints the CPU of the shell's children: the tool's JVM, all of it, after it ended.
        Process tool = new ProcessBuilder("bash", "-c", "\"$@\" >/dev/null 2>&1; status=$?; times; exit $status", "bash",
                java, "-Xmx256m", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", "bench-raw-records", "--num-records", String.valueOf(records), "--record-size", "300",
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + kafka, "acks=all", "linger.ms=5")
                .redirectErrorStream(true).start();
        String out = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tool.waitFor() != 0) {
            throw new IllegalStateException("Kafka's producer performance tool failed: " + out);
        }
        long broker = cpuByProcess().getOrDefault("kafka-broker", 0L) - before.getOrDefault("kafka-broker", 0L);
        long producer = childrenCpuNanos(out);
        System.out.printf("raw baseline: %d records of 300 bytes by Kafka's producer tool, tool %.1f s CPU, broker %.1f s CPU%n",
                records, producer / 1e9, broker / 1e9);
        System.out.printf(Locale.ROOT, "kafka_record_cpu_us=%.2f%n", (producer + broker) / 1e3 / records);
    }

    /** The children's user and system time from bash's {@code times} (its second line, e.g. {@code 0m5.120s 0m0.310s}). */
    static long childrenCpuNanos(String times) {
        String[] lines = times.strip().split("\n");
        Matcher parts = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(lines[lines.length - 1]);
        long nanos = 0;
        while (parts.find()) {
            nanos += (long) ((Long.parseLong(parts.group(1)) * 60 + Double.parseDouble(parts.group(2))) * 1e9);
        }
        return nanos;
    }

    private static Outcome run(KafkaProducer<String, Object> producer, KafkaConsumer<String, String> results,
                               List<String> users, int count, String label) {
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        Map<String, Integer> otherOutcomes = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String userId = users.get(i % users.size());
            MessageComposed message = Messages.composed("msg-bench-" + UUID.randomUUID(), userId,
                    List.of(Channel.WHATSAPP), 0);
            publishedAt.put(message.messageId(), System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.COMPOSED_MESSAGES, userId, message));
        }
        producer.flush();
        long published = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!publishedAt.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                DispatchResult result = ContractJson.read(record.value(), DispatchResult.class);
                Long sentAt = publishedAt.remove(result.messageId());
                if (sentAt == null) {
                    continue;
                }
                if (result.outcome() == DispatchOutcome.SENT) {
                    latencies.add(System.nanoTime() - sentAt);
                } else {
                    otherOutcomes.merge(result.outcome() + "/" + result.cause(), 1, Integer::sum);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        latencies.sort(Long::compare);
        System.out.printf("%s: %d messages published in %.2f s; %d sent in %.2f s -> %.0f messages/s%n", label, count,
                (published - started) / 1e9, latencies.size(), seconds, latencies.size() / seconds);
        if (!latencies.isEmpty()) {
            System.out.printf("  publish-to-sent latency p50 %d ms, p95 %d ms, p99 %d ms%n", pct(latencies, 0.50),
                    pct(latencies, 0.95), pct(latencies, 0.99));
        }
        if (!otherOutcomes.isEmpty() || !publishedAt.isEmpty()) {
            System.out.printf("  not sent: %s, no result: %d%n", otherOutcomes, publishedAt.size());
        }
        return new Outcome(latencies.size(), latencies.size() / seconds, latencies.isEmpty() ? -1 : pct(latencies, 0.99));
    }

    /** Each shopper gets the gateway's identity cookie, then opts in to WhatsApp and SMS. */
    private static List<String> optIn(String gateway, int count) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpClient shopper = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            shopper.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/session")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> profile = shopper.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/me/consent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"phone":"+9198%08d","channels":["whatsapp","sms"],"preferredChannel":"whatsapp","consentTextVersion":"v1"}"""
                            .formatted(70_000_000 + i)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher id = USER_ID.matcher(profile.body());
            if (profile.statusCode() != 200 || !id.find()) {
                throw new IllegalStateException("opt-in answered " + profile.statusCode() + ": " + profile.body());
            }
            users.add(id.group(1));
        }
        return users;
    }

    /**
     * CPU time so far of each process of the stack, named by its service jar (or kafka, redis), read
     * from /proc because {@link ProcessHandle.Info} gives no command line for long class paths.
     */
    private static Map<String, Long> cpuByProcess() throws IOException {
        Map<String, Long> cpu = new HashMap<>();
        Pattern service = Pattern.compile("/((?:[a-z]+-)+(?:service|sandbox))[.-][^/]*jar");
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String command = new String(Files.readAllBytes(proc.resolve("cmdline")),
                            StandardCharsets.ISO_8859_1).replace('\0', ' ');
                    Matcher jar = service.matcher(command);
                    String name = jar.find() ? jar.group(1)
                            : command.contains("kafka.Kafka") || command.contains("KafkaRaftServer") ? "kafka-broker"
                            : command.contains("redis-server") ? "redis-server"
                            : command.contains(StackDispatchBenchmark.class.getName()) ? "(this load program)"
                            : null;
                    if (name != null) {
                        // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms.
                        String stat = new String(Files.readAllBytes(proc.resolve("stat")),
                                StandardCharsets.ISO_8859_1);
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        cpu.merge(name, ticks * 10_000_000L, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while we looked: it is not part of the stack's steady state.
                }
            }
        }
        return cpu;
    }

    private static KafkaProducer<String, Object> producer(String kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ContractSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Reads dispatch-results from their current end, so earlier runs are not counted. */
    private static KafkaConsumer<String, String> consumer(String kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DISPATCH_RESULTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void put(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1_000_000;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
