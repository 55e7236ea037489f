package io.sbme.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * Starts the whole product on one machine: Kafka and Redis as child processes, then the provider
 * sandbox and every service as its own JVM; waits until all are ready and prints where they are.
 * Closing it stops every child.
 */
public final class LocalStack implements AutoCloseable {

    /** Each service's module name (also its jar name) and its port in the fixed local plan. */
    static final Map<String, Integer> SERVICES = orderedServices();

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("SBME_READY_TIMEOUT_SECONDS", "300")));
    private static final List<String> LEAN_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    // C1 alone starts fastest and uses least memory but gives up peak throughput (docs/benchmarks.md):
    // SBME_JVM_PROFILE=throughput keeps the full tiered JIT for load tests.
    private static final List<String> THROUGHPUT_JVM = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx384m",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");

    private final Settings settings;

    /** True when {@code SBME_JVM_PROFILE=throughput} asks for peak speed rather than a quick, small start. */
    static boolean throughputProfile() {
        return "throughput".equalsIgnoreCase(System.getenv("SBME_JVM_PROFILE"));
    }
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ChildProcess> byName = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch gaveUp = new CountDownLatch(1);
    private volatile String gaveUpReason;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> providerSecrets = new HashMap<>();
    private long readyMillis;
    private volatile boolean training;

    private LocalStack(Settings settings) {
        this.settings = settings;
    }

    private static Map<String, Integer> orderedServices() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("provider-sandbox", 8090);
        services.put("event-ingest-service", 8081);
        services.put("consent-service", 8082);
        services.put("decision-service", 8083);
        services.put("composer-service", 8084);
        services.put("dispatcher-service", 8085);
        services.put("tracking-service", 8086);
        services.put("dashboard-service", 8087);
        services.put("gateway-service", 8080);
        return Collections.unmodifiableMap(services);
    }

    /** Starts everything and returns once every service reports ready. */
    public static LocalStack start(Settings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    private void startAll() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(settings.dataDir());
        Path logs = settings.dataDir().resolve("logs");
        Ports free = new Ports();
        ports.put("kafka", free.nextFree(settings.kafkaPort()));
        ports.put("kafka-controller", free.nextFree(settings.kafkaPort() + 1000));
        ports.put("redis", free.nextFree(settings.redisPort()));
        for (var service : SERVICES.entrySet()) {
            int preferred = switch (service.getKey()) {
                case "gateway-service" -> settings.httpPort();
                case "provider-sandbox" -> settings.sandboxPort();
                default -> service.getValue();
            };
            boolean fixed = !settings.freePorts() && (service.getKey().equals("gateway-service")
                    || service.getKey().equals("provider-sandbox"));
            if (fixed && !Ports.isFree(preferred)) {
                throw new IllegalStateException(service.getKey() + " port " + preferred
                        + " is in use; set " + (preferred == settings.httpPort() ? "SBME_HTTP_PORT" : "SBME_SANDBOX_PORT"));
            }
            ports.put(service.getKey(), free.nextFree(preferred));
        }
        ports.put("gateway-management", free.nextFree(settings.httpPort() - 1));
        for (String name : List.of("WHATSAPP_APP_SECRET", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_VERIFY_TOKEN",
                "TWILIO_AUTH_TOKEN", "LINK_SECRET", "TRACKING_ERASURE_KEY")) {
            providerSecrets.put("SBME_" + name, randomHex());
        }
        providerSecrets.put("SBME_WHATSAPP_PHONE_NUMBER_ID", "106540352242922");
        providerSecrets.put("SBME_TWILIO_ACCOUNT_SID", "AC" + randomHex().substring(0, 32));
        providerSecrets.put("SBME_TWILIO_FROM", "+15005550006");

        ChildProcess redis = startRedis(logs);
        ChildProcess kafka = new KafkaBroker(settings, ports.get("kafka"), ports.get("kafka-controller")).start(logs);
        children.add(redis);
        children.add(kafka);
        redis.awaitPort(ports.get("redis"), Duration.ofSeconds(20));
        kafka.awaitPort(ports.get("kafka"), Duration.ofSeconds(60));

        Map<String, ChildProcess> services = new LinkedHashMap<>();
        for (String service : SERVICES.keySet()) {
            ChildProcess child = startService(service, logs);
            children.add(child);
            services.put(service, child);
        }
        awaitAllReady(services);
        readyMillis = (System.nanoTime() - started) / 1_000_000;
        for (ChildProcess child : children) {
            byName.put(child.name(), child);
            child.supervise(RestartBackoff.LAUNCHER, line -> System.out.println("sbme: " + line), this::giveUp);
        }
    }

    private void giveUp(String reason) {
        System.err.println("sbme: " + reason);
        gaveUpReason = reason;
        gaveUp.countDown();
    }

    /** Blocks until a child keeps failing and the launcher gives up; returns why. */
    public String awaitGivingUp() throws InterruptedException {
        gaveUp.await();
        return gaveUpReason;
    }

    /** The process id of a child ({@code kafka}, {@code redis} or a service's module name) now. */
    public long pid(String child) {
        return child(child).pid();
    }

    /**
     * Kills a child with SIGKILL ({@code kill -9}), as a crash or an OOM kill would; the launcher
     * notices and starts it again with the same command and data directory.
     */
    public void kill(String child) {
        child(child).kill();
    }

    /** How many times the launcher started a child again since the stack started. */
    public int restarts(String child) {
        return child(child).restarts();
    }

    /**
     * Waits until a child is ready again, through a restart: a service's readiness group answers
     * 200, the broker and Redis accept connections.
     */
    public void awaitReady(String child) {
        ChildProcess process = child(child);
        switch (child) {
            case "kafka", "redis" -> process.awaitPortThroughRestarts(ports.get(child), READY_TIMEOUT);
            default -> process.awaitHttpOkThroughRestarts(
                    "http://127.0.0.1:" + managementPort(child) + "/actuator/health/readiness", READY_TIMEOUT);
        }
    }

    private ChildProcess child(String name) {
        ChildProcess child = byName.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no child named " + name + "; children: " + byName.keySet());
        }
        return child;
    }

    private void awaitAllReady(Map<String, ChildProcess> services) {
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> waits = new ArrayList<>();
            services.forEach((service, child) -> waits.add(waiters.submit(() -> child.awaitHttpOk(
                    "http://127.0.0.1:" + managementPort(service) + "/actuator/health/readiness", READY_TIMEOUT))));
            for (Future<?> wait : waits) {
                wait.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private ChildProcess startRedis(Path logs) throws IOException {
        Path dir = settings.dataDir().resolve("redis");
        Files.createDirectories(dir);
        Path binary = RedisBinary.locate(settings.home(), settings.dataDir());
        return ChildProcess.start("redis", List.of(binary.toString(), "--port", String.valueOf(ports.get("redis")),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--save", "",
                "--protected-mode", "yes", "--daemonize", "no"), Map.of(), settings.home(), logs);
    }

    private ChildProcess startService(String service, Path logs) throws IOException {
        Path jar = settings.home().resolve(service).resolve("target").resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("missing " + jar + ": build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(throughputProfile() ? THROUGHPUT_JVM : LEAN_JVM);
        if (settings.aot()) {
            AotCache aot = new AotCache(jar);
            command.addAll(aot.jvmArgsAndJar(javaBinary()));
            training |= aot.training();
        } else {
            command.add("-jar");
            command.add(jar.toString());
        }
        return ChildProcess.start(service, command, environmentFor(service), settings.home(), logs);
    }

    /** The environment every service reads its settings from (see each application.yml). */
    Map<String, String> environmentFor(String service) {
        Map<String, String> env = new HashMap<>(settings.serviceSettings());
        env.putAll(providerSecrets);
        env.put("SERVER_PORT", String.valueOf(ports.get(service)));
        if (service.equals("gateway-service")) {
            // The gateway's health and metrics answer on a port of their own, for this machine only.
            env.put("SBME_MANAGEMENT_PORT", String.valueOf(ports.get("gateway-management")));
            env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        } else {
            // Only the gateway is reachable from other machines; services and the sandbox are called
            // over loopback by the gateway and by each other.
            env.put("SERVER_ADDRESS", "127.0.0.1");
        }
        env.put("SBME_KAFKA_BOOTSTRAP", "127.0.0.1:" + ports.get("kafka"));
        env.put("SBME_REDIS_HOST", "127.0.0.1");
        env.put("SBME_REDIS_PORT", String.valueOf(ports.get("redis")));
        env.put("SBME_INTERNAL_SECRET", settings.internalSecret());
        env.put("SBME_PUBLIC_BASE_URL", gatewayUrl());
        env.put("SBME_DEMO", String.valueOf(settings.demo()));
        env.put("SBME_DATA_DIR", settings.dataDir().toString());
        env.put("SBME_ADMIN_USER", settings.adminUser());
        env.put("SBME_ADMIN_PASSWORD", settings.adminPassword());
        env.put("SBME_INGEST_API_KEY", settings.ingestApiKey());
        env.put("SBME_SANDBOX_URL", sandboxUrl());
        env.put("SBME_WEBHOOK_BASE_URL", gatewayUrl());
        for (String other : SERVICES.keySet()) {
            String variable = "SBME_" + other.replace("-service", "").replace("-", "_").toUpperCase() + "_URL";
            env.put(variable, "http://127.0.0.1:" + ports.get(other));
        }
        return env;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String randomHex() {
        byte[] bytes = new byte[20];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.get("gateway-service");
    }

    public String sandboxUrl() {
        return "http://localhost:" + ports.get("provider-sandbox");
    }

    /** Where a service answers health and metrics: its own port, or the gateway's management port. */
    public int managementPort(String service) {
        return ports.get(service.equals("gateway-service") ? "gateway-management" : service);
    }

    /** A service's own port, for tests that prove a direct call is refused. */
    public int port(String name) {
        return ports.get(name);
    }

    public Settings settings() {
        return settings;
    }

    public long readyMillis() {
        return readyMillis;
    }

    /** Resident memory of every child in MiB, read from /proc (Linux). */
    public long totalRssMiB() {
        long kib = 0;
        for (ChildProcess child : children) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(child.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        kib += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // a child that exited has no RSS to add
            }
        }
        return kib / 1024;
    }

    public String banner() {
        StringBuilder out = new StringBuilder();
        out.append("\nSBME is ready in ").append(readyMillis / 1000.0).append(" s, ")
                .append(totalRssMiB()).append(" MiB resident in total\n\n");
        out.append("  Storefront   ").append(gatewayUrl()).append("/\n");
        out.append("  Admin        ").append(gatewayUrl()).append("/admin/   (user ").append(settings.adminUser())
                .append(settings.adminPasswordGenerated() ? ", password " + settings.adminPassword() + " (generated)" : "")
                .append(")\n");
        out.append("  Dashboard    ").append(gatewayUrl()).append("/admin/#dashboard\n");
        out.append("  API docs     ").append(gatewayUrl()).append("/swagger-ui.html\n");
        out.append("  Sandbox      ").append(sandboxUrl()).append("/sandbox/requests\n");
        out.append("  Ingest key   ").append(settings.ingestApiKey())
                .append(settings.ingestApiKeyGenerated() ? " (generated; X-Api-Key for /api/v1/events/batch)" : "").append('\n');
        out.append("\n  Ports: ").append(ports).append('\n');
        out.append("  Logs:  ").append(settings.dataDir().resolve("logs")).append('\n');
        out.append("\nCtrl-C stops everything.\n");
        return out.toString();
    }

    @Override
    public void close() {
        List<ChildProcess> reversed = new ArrayList<>(children);
        Collections.reverse(reversed);
        // Services first (in parallel, they shut down gracefully), then Kafka and Redis.
        // A training run writes its AOT cache while it exits: give it time to finish.
        Duration grace = training ? Duration.ofSeconds(120) : Duration.ofSeconds(15);
        if (training) {
            System.out.println("Saving start-up caches for the next run (first run only) ...");
        }
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            reversed.stream().filter(c -> !c.name().equals("kafka") && !c.name().equals("redis"))
                    .forEach(c -> stoppers.submit(() -> c.stop(grace)));
        }
        reversed.stream().filter(c -> c.name().equals("kafka")).forEach(c -> c.stop(Duration.ofSeconds(20)));
        reversed.stream().filter(c -> c.name().equals("redis")).forEach(c -> c.stop(Duration.ofSeconds(5)));
        children.clear();
        byName.clear();
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("sbme: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("Starting SBME (Kafka, Redis, sandbox, 8 services) from " + settings.home() + " ...");
        LocalStack stack;
        try {
            stack = start(settings);
        } catch (RuntimeException e) {
            System.err.println("sbme: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping SBME ...");
            stack.close();
            stopped.countDown();
        }));
        System.out.println(stack.banner());
        // A child that keeps failing stops the whole stack: never sit half-alive.
        Thread.ofVirtual().start(() -> {
            try {
                stack.awaitGivingUp();
                System.exit(1);
            } catch (InterruptedException ignored) {
                // the stack is stopping anyway
            }
        });
        stopped.await();
    }
}
