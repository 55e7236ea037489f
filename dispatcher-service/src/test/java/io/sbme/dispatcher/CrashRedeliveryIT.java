package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractSerializer;
import io.sbme.support.testing.TestRedis;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * kill -9 of a dispatcher in the middle of a provider request: the dispatcher runs as a child
 * process, is killed (SIGKILL) while Meta has the request, and a second dispatcher process takes over
 * the uncommitted record. The ledger claim made before the call stops a second WhatsApp request; the
 * delivery TTL still moves the message on to SMS when no {@code delivered} comes.
 */
class CrashRedeliveryIT {

    private final List<Process> dispatchers = new ArrayList<>();
    private final FakeProvider world = new FakeProvider();
    private EmbeddedKafkaKraftBroker broker;
    private TrackingProgress trackingProgress;

    @AfterEach
    void stop() throws InterruptedException {
        if (trackingProgress != null) {
            trackingProgress.close();
        }
        dispatchers.forEach(Process::destroyForcibly);
        world.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aDispatcherKilledMidSendIsNotFollowedByASecondWhatsAppRequestAndFallsBackAfterTheTtl() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.COMPOSED_MESSAGES, Topics.DISPATCH_RESULTS);
        broker.brokerProperty("group.min.session.timeout.ms", "2000");
        broker.afterPropertiesSet();
        trackingProgress = TrackingProgress.start(broker.getBrokersAsString());
        String userId = "u-crash-" + UUID.randomUUID().toString().replace("-", "");
        world.optIn(userId, "+919812345678");
        world.latency(120_000);
        List<DispatchResult> results = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> read(results));
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), userId,
                List.of(Channel.WHATSAPP, Channel.SMS), 3);
        Process first = dispatcher("first");

        publish(message);
        await().atMost(Duration.ofSeconds(90)).until(() -> world.providerRequestsTo("+919812345678").size() == 1);
        first.destroyForcibly().waitFor();
        world.latency(0);

        dispatcher("second");
        await().atMost(Duration.ofSeconds(90)).until(() -> results.stream().anyMatch(r ->
                message.messageId().equals(r.messageId()) && "already_attempted".equals(r.cause())));
        // No `delivered` for the request the first process made: after the TTL (and tracking's progress
        // past it) the message goes by SMS instead.
        await().atMost(Duration.ofSeconds(30)).until(() -> results.stream().anyMatch(r ->
                message.messageId().equals(r.messageId()) && r.channel() == Channel.SMS
                        && r.outcome() == DispatchOutcome.SENT));
        assertThat(world.providerRequestsTo("+919812345678")).extracting(FakeProvider.Request::channel)
                .containsExactly("whatsapp", "sms");
        assertThat(results).filteredOn(r -> message.messageId().equals(r.messageId())
                        && r.outcome() == DispatchOutcome.FELL_BACK)
                .singleElement().extracting(DispatchResult::cause).isEqualTo("delivery_ttl_expired");
        reader.interrupt();
    }

    private Process dispatcher(String name) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File log = new File("target/crash-" + name + ".log");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                DispatcherApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.properties.session.timeout.ms=3000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--spring.data.redis.port=" + TestRedis.port(),
                // A database of its own: other test classes' contexts in this JVM share the Redis server.
                "--spring.data.redis.database=7",
                "--sbme.kafka.partitions=1",
                "--sbme.dispatcher.concurrency=1",
                "--sbme.dispatcher.consent-url=" + world.url(),
                "--sbme.dispatcher.whatsapp.base-url=" + world.url(),
                "--sbme.dispatcher.sms.base-url=" + world.url(),
                "--sbme.dispatcher.http-timeout=180s",
                "--logging.structured.format.console=")
                .redirectErrorStream(true).redirectOutput(log).start();
        dispatchers.add(process);
        return process;
    }

    private void publish(MessageComposed message) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ContractSerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMPOSED_MESSAGES, message.userId(), message));
        }
    }

    private void read(List<DispatchResult> results) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.DISPATCH_RESULTS));
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> results.add(ContractJson.read(r.value(), DispatchResult.class)));
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }
}
