package io.sbme.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A single-node Kafka broker in KRaft mode (broker and controller in one JVM), run from registry jars. */
final class KafkaBroker {

    private static final List<String> JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-Dlog4j2.level=WARN");
    // Like the services (LocalStack.THROUGHPUT_JVM): C1 alone starts fastest, the full JIT serves load tests.
    private static final List<String> LEAN = List.of("-XX:TieredStopAtLevel=1");

    private final Settings settings;
    private final int port;
    private final int controllerPort;

    KafkaBroker(Settings settings, int port, int controllerPort) {
        this.settings = settings;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    ChildProcess start(Path logs) throws IOException {
        Path dir = settings.dataDir().resolve("kafka");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, properties(data));
        String classpath = classpath();
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(classpath, properties, logs);
        }
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JVM);
        if (!LocalStack.throughputProfile()) {
            command.addAll(LEAN);
        }
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", properties.toString()));
        return ChildProcess.start("kafka", command, Map.of(), settings.home(), logs);
    }

    private void format(String classpath, Path properties, Path logs) throws IOException {
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes());
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JVM);
        if (!LocalStack.throughputProfile()) {
            command.addAll(LEAN);
        }
        command.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", properties.toString(), "--ignore-formatted"));
        Files.createDirectories(logs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("kafka-format.log").toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + logs.resolve("kafka-format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String properties(Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "log.segment.bytes=67108864",
                "") ;
    }

    private String classpath() throws IOException {
        Path lib = settings.home().resolve("local-stack/target/kafka-broker");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("missing " + lib + ": build first (./mvnw -DskipTests package)");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted()
                    .collect(Collectors.joining(":"));
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static byte[] uuidBytes() {
        UUID uuid = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
