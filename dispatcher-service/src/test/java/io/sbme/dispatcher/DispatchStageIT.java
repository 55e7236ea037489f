package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.outage.Outages;
import io.sbme.support.privacy.ProviderIds;
import io.sbme.support.testing.NumberForms;
import io.sbme.support.testing.RedisContents;
import io.sbme.support.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dispatcher end to end: a real Kafka broker (embedded KRaft), a real Redis, and the outside
 * world (Meta, Twilio, the consent vault) as an in-test HTTP server speaking their wire formats.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "sbme.dispatcher.retry.delay-ms=1000",
        "sbme.dispatcher.retry.multiplier=2.0",
        "sbme.dispatcher.retry.jitter-ms=100",
        "sbme.dispatcher.ttl-poll-ms=100",
        "sbme.dispatcher.http-timeout=3s",
        "sbme.dispatcher.breaker.minimum-calls=1000",
        "sbme.dispatcher.breaker.sliding-window-calls=1000",
        "sbme.dispatcher.concurrency=1"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DispatchStageIT {

    static final FakeProvider world = new FakeProvider();

    @DynamicPropertySource
    static void outsideWorld(DynamicPropertyRegistry registry) {
        world.standIn(registry);
    }

    @Autowired ContractPublisher publisher;
    @Autowired MockMvc mvc;
    @Autowired GatewayToken tokens;
    @Autowired EmbeddedKafkaBroker broker;
    @Autowired ConsentView consentView;
    @Autowired ChannelStates channelStates;
    @Autowired StringRedisTemplate redis;
    @Autowired DispatcherErasure erasure;
    @Autowired Breakers breakers;
    @Autowired VaultClient vault;
    @Autowired Outages outages;
    @Autowired MeterRegistry meters;
    @Autowired ProviderIds providerIds;
    @Autowired ConcurrentKafkaListenerContainerFactory<String, Object> containers;
    @Autowired org.springframework.kafka.core.KafkaTemplate<String, Object> kafka;

    private final List<String> rawResults = new CopyOnWriteArrayList<>();
    private final List<String> rawAudit = new CopyOnWriteArrayList<>();
    private Consumer<String, String> consumer;
    private Thread poller;
    private volatile boolean polling = true;
    private TrackingProgress trackingProgress;

    @BeforeAll
    void listen() {
        trackingProgress = TrackingProgress.start(broker.getBrokersAsString());
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dispatch-it-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        consumer.subscribe(List.of(Topics.DISPATCH_RESULTS, Topics.AUDIT_LOG));
        poller = Thread.ofPlatform().start(() -> {
            while (polling) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    (record.topic().equals(Topics.AUDIT_LOG) ? rawAudit : rawResults).add(record.value());
                }
            }
            consumer.close();
        });
    }

    @AfterAll
    void stop() throws InterruptedException {
        trackingProgress.close();
        polling = false;
        poller.join(5000);
        world.close();
    }

    @Test
    void sendsOnWhatsAppWithTheVaultNumberAndPublishesOnlyTheMaskedNumber() {
        Recipient user = optedIn(true, true);

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        assertThat(world.providerRequestsTo(user.phone)).singleElement()
                .satisfies(r -> assertThat(r.channel()).isEqualTo("whatsapp"));
        DispatchResult sent = results(message).getFirst();
        assertThat(sent.maskedPhone()).isEqualTo("+91 ••••••" + user.phone.substring(user.phone.length() - 4));
        String wamid = world.providerRequestsTo(user.phone).getFirst().providerMessageId();
        assertThat(sent.providerMessageId()).isEqualTo(providerIds.digest(wamid)).startsWith(ProviderIds.PREFIX);
        assertThat(redis.opsForValue().get(Ledger.key(message.messageId(), Channel.WHATSAPP)))
                .isEqualTo("sent:" + providerIds.digest(wamid));
        FakeProvider.Request vaultCall = world.requests().stream()
                .filter(r -> r.channel().equals("vault") && message.messageId().equals(r.messageId())).findFirst().orElseThrow();
        assertThat(tokens.verify(vaultCall.authorization())).contains(new Caller("dispatcher-service", Caller.Role.SERVICE));
        String digits = user.phone.substring(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> rawAudit.stream().anyMatch(a -> a.contains(message.messageId())));
        assertThat(rawResults).noneMatch(r -> r.contains(digits));
        assertThat(rawAudit).noneMatch(a -> a.contains(digits));
        // the audit entry names the user only where an erase reaches it, and keeps no masked number
        String audited = rawAudit.stream().filter(a -> a.contains(message.messageId())).findFirst().orElseThrow();
        assertThat(audited).contains("\"userId\":\"" + user.userId() + "\"").doesNotContain("••••");
    }

    @Test
    void providerMessageIdsWhichCarryTheNumberLeaveOnlyAsDigests(CapturedOutput output) {
        Recipient user = optedIn(true, true);

        // A one-second TTL: WhatsApp is sent, falls back for want of `delivered` (its id read back from
        // the ledger), then SMS is sent: every path a provider id takes through the dispatcher.
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 1);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        List<FakeProvider.Request> requests = world.providerRequestsTo(user.phone);
        String wamid = requests.getFirst().providerMessageId();
        String sid = requests.getLast().providerMessageId();
        assertThat(new String(Base64.getDecoder().decode(wamid.substring("wamid.".length())), StandardCharsets.US_ASCII))
                .as("the provider's id carries the number, as Meta's do").contains(user.phone.substring(1));
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.SENT).providerMessageId())
                .isEqualTo(providerIds.digest(wamid));
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).providerMessageId())
                .isEqualTo(providerIds.digest(wamid));
        assertThat(result(message, Channel.SMS, DispatchOutcome.SENT).providerMessageId()).isEqualTo(providerIds.digest(sid));
        await().atMost(Duration.ofSeconds(10)).until(() -> rawAudit.stream()
                .filter(a -> a.contains(message.messageId())).count() >= 3);
        List<String> leaks = new ArrayList<>(NumberForms.of(user.phone));
        leaks.addAll(List.of(wamid, sid));
        assertThat(rawResults).allSatisfy(r -> assertThat(r).doesNotContain(leaks));
        assertThat(rawAudit).allSatisfy(a -> assertThat(a).doesNotContain(leaks));
        redisDump().forEach((key, value) -> assertThat(key + " " + value).as(key).doesNotContain(leaks));
        assertThat(output.getAll()).contains(message.messageId()).doesNotContain(leaks);
    }

    @Test
    void pauseTakesEffectOnEveryInstanceAndWhatsAppFallsBackToSms() throws Exception {
        ChannelStates secondInstance = new ChannelStates();
        ConcurrentMessageListenerContainer<String, Object> second = containers.createContainer(Topics.CHANNEL_CONTROL);
        second.getContainerProperties().setGroupId("second-dispatcher-" + UUID.randomUUID());
        second.getContainerProperties().setMessageListener(
                (MessageListener<String, Object>) record -> secondInstance.on((ChannelControl) record.value()));
        second.start();
        try {
            mvc.perform(put("/api/v1/admin/channels/whatsapp").header(GatewayToken.HEADER, admin())
                            .contentType(MediaType.APPLICATION_JSON).content("{\"paused\":true}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.whatsapp.paused").value(true))
                    .andExpect(jsonPath("$.sms.paused").value(false));

            await().atMost(Duration.ofSeconds(15)).until(() -> channelStates.paused(Channel.WHATSAPP)
                    && secondInstance.paused(Channel.WHATSAPP));
            Recipient user = optedIn(true, true);
            MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

            awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
            assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).cause()).isEqualTo("whatsapp_paused");
            assertThat(world.providerRequestsTo(user.phone)).extracting(FakeProvider.Request::channel).containsExactly("sms");
            mvc.perform(get("/internal/channels").header(GatewayToken.HEADER,
                            tokens.mint(new Caller("decision-service", Caller.Role.SERVICE))))
                    .andExpect(jsonPath("$.whatsapp.paused").value(true));
        } finally {
            mvc.perform(put("/api/v1/admin/channels/whatsapp").header(GatewayToken.HEADER, admin())
                    .contentType(MediaType.APPLICATION_JSON).content("{\"paused\":false}")).andExpect(status().isOk());
            await().atMost(Duration.ofSeconds(15)).until(() -> !channelStates.paused(Channel.WHATSAPP)
                    && !secondInstance.paused(Channel.WHATSAPP));
            second.stop();
        }
    }

    @Test
    void channelChangesAreForAdminsAndNameAKnownChannel() throws Exception {
        mvc.perform(put("/api/v1/admin/channels/telegram").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"paused\":true}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/admin/channels/sms").header(GatewayToken.HEADER, admin())
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/admin/channels/sms").header(GatewayToken.HEADER,
                                tokens.mint(new Caller("u-1", Caller.Role.SHOPPER)))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"paused\":true}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/admin/channels")).andExpect(status().isUnauthorized());
        assertThat(channelStates.paused(Channel.SMS)).isFalse();
    }

    @Test
    void withoutWhatsAppConsentItFallsBackToSms() {
        Recipient user = optedIn(false, true);

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).cause()).isEqualTo("no_whatsapp_consent");
        assertThat(world.providerRequestsTo(user.phone)).extracting(FakeProvider.Request::channel).containsExactly("sms");
    }

    @Test
    void nothingIsSentWhenNoChannelIsConsented() {
        Recipient user = withConsent(ConsentStatus.ANONYMOUS, false, false, "created");

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.SMS, DispatchOutcome.BLOCKED);
        assertThat(result(message, Channel.SMS, DispatchOutcome.BLOCKED).cause()).isEqualTo("no_sms_consent");
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
        assertThat(world.requests()).noneMatch(r -> message.messageId().equals(r.messageId()));
    }

    @Test
    void aPendingNumberGetsOnlyItsConfirmationResolvedForThatPurpose() {
        Recipient user = pendingOn(Channel.WHATSAPP);

        MessageComposed cart = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);
        awaitResult(cart, Channel.SMS, DispatchOutcome.BLOCKED);
        assertThat(result(cart, Channel.SMS, DispatchOutcome.BLOCKED).cause()).isEqualTo("awaiting_confirmation");

        MessageComposed confirmation = Messages.confirmation("msg-" + UUID.randomUUID(), user.userId, Channel.WHATSAPP);
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, confirmation);
        awaitResult(confirmation, Channel.WHATSAPP, DispatchOutcome.SENT);

        assertThat(world.providerRequestsTo(user.phone)).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(confirmation.messageId());
            assertThat(r.body()).contains("opt_in_confirmation_a");
        });
        assertThat(world.requests()).filteredOn(r -> r.channel().equals("vault")
                        && confirmation.messageId().equals(r.messageId())).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"purpose\":\"confirmation\""));
        assertThat(world.requests()).noneMatch(r -> cart.messageId().equals(r.messageId()));
    }

    @Test
    void aConfirmationGoesNowhereOnceTheNumberNoLongerWaits() {
        Recipient user = optedIn(true, true);

        MessageComposed confirmation = Messages.confirmation("msg-" + UUID.randomUUID(), user.userId, Channel.WHATSAPP);
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, confirmation);

        awaitResult(confirmation, Channel.WHATSAPP, DispatchOutcome.BLOCKED);
        assertThat(result(confirmation, Channel.WHATSAPP, DispatchOutcome.BLOCKED).cause()).isEqualTo("not_pending");
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
    }

    @Test
    void notAWhatsAppUserFallsBackAtOnceWithExactlyOneWhatsAppRequest() {
        Recipient user = optedIn(true, true);
        world.script(user.phone, FakeProvider.metaError(400, 131026, "Message undeliverable"));

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        DispatchResult fellBack = result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK);
        assertThat(fellBack.cause()).isEqualTo("not_on_whatsapp");
        assertThat(fellBack.errorCode()).isEqualTo("131026");
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() ->
                world.providerRequestsTo(user.phone).stream().filter(r -> r.channel().equals("whatsapp")).count() == 1);
        assertThat(world.providerRequestsTo(user.phone)).extracting(FakeProvider.Request::channel)
                .containsExactly("whatsapp", "sms");
    }

    @Test
    void transientErrorsAreRetriedWithGrowingBackoffUntilTheySucceed() {
        Recipient user = optedIn(true, true);
        world.script(user.phone, new FakeProvider.Answer(500, "{}"),
                FakeProvider.metaError(400, 130429, "Rate limit hit"));

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        List<FakeProvider.Request> requests = world.providerRequestsTo(user.phone);
        assertThat(requests).hasSize(3).allMatch(r -> r.channel().equals("whatsapp"));
        long firstGap = requests.get(1).at() - requests.get(0).at();
        long secondGap = requests.get(2).at() - requests.get(1).at();
        assertThat(firstGap).isGreaterThanOrEqualTo(800);
        assertThat(secondGap).isGreaterThan(firstGap + 500);
        assertThat(results(message)).filteredOn(r -> r.outcome() == DispatchOutcome.FAILED)
                .extracting(DispatchResult::attempt, DispatchResult::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "provider_error"),
                        org.assertj.core.groups.Tuple.tuple(2, "rate_limited"));
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.SENT).attempt()).isEqualTo(3);
    }

    @Test
    void manyMessagesFailingAtOnceAreAllRetriedAndSent() {
        // Several records wait in the same retry partition at once, each until its own due time.
        List<Recipient> users = new ArrayList<>();
        List<MessageComposed> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Recipient user = optedIn(true, true);
            world.script(user.phone, new FakeProvider.Answer(503, "{}"));
            users.add(user);
        }
        for (Recipient user : users) {
            messages.add(dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60));
        }

        messages.forEach(m -> awaitResult(m, Channel.WHATSAPP, DispatchOutcome.SENT));
        assertThat(users).allSatisfy(u -> assertThat(world.providerRequestsTo(u.phone)).hasSize(2)
                .allMatch(r -> r.channel().equals("whatsapp")));
    }

    @Test
    void exhaustedRetriesDeadLetterWhatsAppAndFallBackToSms() throws Exception {
        Recipient user = optedIn(true, true);
        FakeProvider.Answer down = new FakeProvider.Answer(503, "{}");
        world.script(user.phone, down, down, down, down);

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.DEAD_LETTERED).cause()).isEqualTo("retries_exhausted");
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).cause()).isEqualTo("retries_exhausted");
        assertThat(world.providerRequestsTo(user.phone)).extracting(FakeProvider.Request::channel)
                .containsExactly("whatsapp", "whatsapp", "whatsapp", "whatsapp", "sms");
        String id = deadLetterIdOf(message);
        mvc.perform(post("/api/v1/admin/dead-letters/" + id + "/replay").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("already_delivered"));
    }

    @Test
    void aDeadLetterCanBeReplayedByAnAdminAndThenGoesOut() throws Exception {
        Recipient user = optedIn(true, true);
        FakeProvider.Answer down = new FakeProvider.Answer(502, "{}");
        world.script(user.phone, down, down, down, down);
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP), 0);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.DEAD_LETTERED);
        String id = deadLetterIdOf(message);

        mvc.perform(post("/api/v1/admin/dead-letters/" + id + "/replay").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.replayedBy").value("alice"));

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        assertThat(world.providerRequestsTo(user.phone)).hasSize(5);
        mvc.perform(post("/api/v1/admin/dead-letters/" + id + "/replay").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/v1/admin/dead-letters/nope/replay").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isNotFound());
    }

    @Test
    void noDeliveredWithinTheTtlFallsBackToSmsAndALateDeliveredSendsNothingMore() {
        Recipient user = optedIn(true, true);

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 1);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        DispatchResult fellBack = result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK);
        assertThat(fellBack.cause()).isEqualTo("delivery_ttl_expired");
        assertThat(fellBack.at()).isAfterOrEqualTo(result(message, Channel.WHATSAPP, DispatchOutcome.SENT).at()
                .plusMillis(900));
        track(message, TrackingStatus.DELIVERED);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> world.providerRequestsTo(user.phone).size() == 2);
    }

    @Test
    void noFallbackWhileTrackingsProgressLagsBehindTheDeadlineAndOneOnceItPassesIt() {
        Recipient user = optedIn(true, true);
        MessageComposed message = dispatchedWhileTrackingLags(user, 3, held ->
                assertThat(redis.opsForZSet().score(DeliveryWatch.DUE, "ttl:" + held.messageId())).isNotNull());

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).cause()).isEqualTo("delivery_ttl_expired");
    }

    @Test
    void aDeliveredThatComesAfterTheTtlButBeforeTrackingsProgressPassedItMeansNoSms() {
        Recipient user = optedIn(true, true);
        // Tracking comes back and publishes the receipt the provider retried, then its progress.
        MessageComposed message = dispatchedWhileTrackingLags(user, 2, held -> track(held, TrackingStatus.DELIVERED));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> world.providerRequestsTo(user.phone).size() == 1);
        assertThat(results(message)).extracting(DispatchResult::outcome).containsExactly(DispatchOutcome.SENT);
        assertThat(redis.opsForZSet().score(DeliveryWatch.DUE, "ttl:" + message.messageId())).isNull();
    }

    /**
     * Sends a WhatsApp-then-SMS message with a one-second TTL while tracking's progress is held,
     * checks that only WhatsApp went out for {@code quietSeconds} although the TTL ran out, runs
     * {@code beforeRelease}, then lets tracking's progress go on.
     */
    private MessageComposed dispatchedWhileTrackingLags(Recipient user, int quietSeconds,
                                                        java.util.function.Consumer<MessageComposed> beforeRelease) {
        trackingProgress.hold();
        try {
            MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 1);
            awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
            await().during(Duration.ofSeconds(quietSeconds)).atMost(Duration.ofSeconds(quietSeconds * 2L))
                    .until(() -> world.providerRequestsTo(user.phone).size() == 1);
            beforeRelease.accept(message);
            return message;
        } finally {
            trackingProgress.release();
        }
    }

    @Test
    void aDeliveredWithinTheTtlMeansNoSms() {
        Recipient user = optedIn(true, true);

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 2);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        track(message, TrackingStatus.DELIVERED);

        await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(5))
                .until(() -> world.providerRequestsTo(user.phone).size() == 1);
        assertThat(results(message)).extracting(DispatchResult::outcome).containsExactly(DispatchOutcome.SENT);
    }

    @Test
    void theSameRecordDeliveredTwiceMakesOneProviderRequest() {
        Recipient user = optedIn(true, true);
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId,
                List.of(Channel.WHATSAPP, Channel.SMS), 60);

        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        // The copy finds the claim (already_attempted) or the sent mark (the same sent result again).
        await().atMost(Duration.ofSeconds(10)).until(() -> results(message).size() == 2);
        assertThat(world.providerRequestsTo(user.phone)).hasSize(1);
        assertThat(results(message)).filteredOn(r -> r.outcome() == DispatchOutcome.SENT)
                .extracting(DispatchResult::resultId).containsOnly(
                        DispatchResults.resultId(message.messageId(), Channel.WHATSAPP, DispatchOutcome.SENT));
    }

    @Test
    void aSendWhoseResultWasCutOffIsRecordedAgainAsTheSameResultWithoutASecondRequest() {
        Recipient user = optedIn(true, true);
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId,
                List.of(Channel.WHATSAPP, Channel.SMS), 60);
        // The instance that sent it died after the provider accepted it, before the broker had its result.
        redis.opsForValue().set(Ledger.key(message.messageId(), Channel.WHATSAPP), "sent:pm_cut0ff");
        redis.opsForValue().set(Ledger.attemptKey(message.messageId(), Channel.WHATSAPP), "1");

        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        DispatchResult sent = result(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        assertThat(sent.resultId()).isEqualTo(DispatchResults.resultId(message.messageId(), Channel.WHATSAPP,
                DispatchOutcome.SENT));
        assertThat(sent.providerMessageId()).isEqualTo("pm_cut0ff");
        assertThat(sent.attempt()).isEqualTo(1);
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
        // The delivery check the stop may have left out is made up for.
        assertThat(redis.opsForZSet().score(DeliveryWatch.DUE, "ttl:" + message.messageId())).isNotNull();
    }

    @Test
    void anSmsReceiptForARequestCutOffMidSendRecordsItAsSent() {
        Recipient user = optedIn(true, true);
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId, List.of(Channel.SMS), 0);
        redis.opsForValue().set(Ledger.key(message.messageId(), Channel.SMS), "inflight:1");
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
        await().atMost(Duration.ofSeconds(15)).until(() -> results(message).stream()
                .anyMatch(r -> "already_attempted".equals(r.cause())));

        track(message, Channel.SMS, TrackingStatus.DELIVERED);

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
    }

    @Test
    void aReceiptForARequestCutOffMidSendRecordsItAsSentOnce() {
        Recipient user = optedIn(true, true);
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId,
                List.of(Channel.WHATSAPP, Channel.SMS), 60);
        redis.opsForValue().set(Ledger.key(message.messageId(), Channel.WHATSAPP), "inflight:1");
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
        await().atMost(Duration.ofSeconds(15)).until(() -> results(message).stream()
                .anyMatch(r -> "already_attempted".equals(r.cause())));

        // Meta had the request: its delivery receipt is the proof that it was accepted.
        track(message, TrackingStatus.DELIVERED);
        track(message, TrackingStatus.DELIVERED);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> results(message).stream()
                .filter(r -> r.outcome() == DispatchOutcome.SENT).count() == 1);
        assertThat(Ledger.key(message.messageId(), Channel.WHATSAPP)).satisfies(key ->
                assertThat(redis.opsForValue().get(key)).startsWith("sent:"));
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
    }

    @Test
    void oneConsumerKeepsManyProviderRequestsInFlightWhileTheProviderIsSlow() {
        // One consumer on one partition: sending one message at a time would keep one request open.
        List<Recipient> users = optedInUsers(30);
        world.latency(400);
        world.resetMostAtOnce();
        try {
            publishOneEach(users, List.of(Channel.WHATSAPP, Channel.SMS))
                    .forEach(m -> awaitResult(m, Channel.WHATSAPP, DispatchOutcome.SENT));
            assertThat(world.mostAtOnce()).isGreaterThanOrEqualTo(10);
            assertThat(users).allSatisfy(u -> assertThat(world.providerRequestsTo(u.phone)).hasSize(1));
        } finally {
            world.latency(0);
        }
    }

    @Test
    void messagesAreDispatchedOverTheSharedRedisConnectionNotOneOpenedPerMessage() {
        List<Recipient> users = optedInUsers(20);
        long connectionsBefore = TestRedis.connectionsReceived();

        publishOneEach(users, List.of(Channel.WHATSAPP)).forEach(m -> awaitResult(m, Channel.WHATSAPP, DispatchOutcome.SENT));

        // A Lettuce pipeline opens a connection of its own per call; that once cost more than the commands.
        assertThat(TestRedis.connectionsReceived() - connectionsBefore).isLessThan(5);
    }

    @Test
    void resolvesWaitingAtTheSameTimeShareVaultCallsAndEachGetsItsOwnNumber() {
        List<Recipient> users = optedInUsers(30);
        world.vaultLatency(1_000);
        int callsBefore = world.vaultCalls();
        try {
            publishOneEach(users, List.of(Channel.WHATSAPP))
                    .forEach(m -> awaitResult(m, Channel.WHATSAPP, DispatchOutcome.SENT));
        } finally {
            world.vaultLatency(0);
        }
        // One call per resolve would be 30; at most four calls are under way, the rest wait and go together.
        assertThat(world.vaultCalls() - callsBefore).isLessThan(15);
        assertThat(users).allSatisfy(u -> assertThat(world.providerRequestsTo(u.phone)).hasSize(1));
    }

    @Test
    void aUsersMessagesGoOutOneAfterAnotherInTheOrderTheyWereComposed() {
        Recipient user = optedIn(true, true);
        List<String> ids = new ArrayList<>();
        world.latency(150);
        try {
            for (int i = 0; i < 5; i++) {
                MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId,
                        List.of(Channel.WHATSAPP), 0);
                ids.add(message.messageId());
                publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> world.providerRequestsTo(user.phone).size() == 5);
            List<FakeProvider.Request> sent = world.providerRequestsTo(user.phone);
            assertThat(sent).extracting(FakeProvider.Request::messageId).containsExactlyElementsOf(ids);
            for (int i = 1; i < sent.size(); i++) {
                // each one asked only after the previous one was answered
                assertThat(sent.get(i).at() - sent.get(i - 1).at()).isGreaterThanOrEqualTo(150);
            }
        } finally {
            world.latency(0);
        }
    }

    @Test
    void aLedgerClaimLeftByACrashedInstanceStopsASecondProviderRequest() {
        Recipient user = optedIn(true, true);
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId,
                List.of(Channel.WHATSAPP, Channel.SMS), 60);
        // The instance that claimed WhatsApp died mid-send (kill -9): the claim is all that is left.
        redis.opsForValue().set(Ledger.key(message.messageId(), Channel.WHATSAPP), "inflight:1");

        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);

        await().atMost(Duration.ofSeconds(15)).until(() -> results(message).stream()
                .anyMatch(r -> "already_attempted".equals(r.cause())));
        assertThat(world.providerRequestsTo(user.phone)).isEmpty();
    }

    @Test
    void aRevokeWhileTheMessageWaitsInARetryTopicCancelsItAndNothingIsSent() {
        Recipient user = optedIn(true, true);
        world.script(user.phone, new FakeProvider.Answer(500, "{}"));
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.FAILED);

        world.revoke(user.userId);
        publishConsent(user.userId, ConsentStatus.REVOKED, false, false, "revoked", 2);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.CANCELLED);
        assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.CANCELLED).cause()).isEqualTo("consent_revoked");
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> world.providerRequestsTo(user.phone).size() == 1);
        assertThat(results(message)).extracting(DispatchResult::outcome)
                .doesNotContain(DispatchOutcome.SENT, DispatchOutcome.FELL_BACK);
    }

    @Test
    void insideTheCustomerServiceWindowTheInteractiveBodyIsSent() {
        Recipient user = optedIn(true, true);
        publisher.publish(Topics.TRACKING_EVENTS, user.userId, new TrackingEvent(TrackingEvent.SCHEMA_VERSION,
                "trk-" + UUID.randomUUID(), null, user.userId, null, null, Channel.WHATSAPP, TrackingStatus.WINDOW_OPENED,
                null, false, true, null, null, null, "inbound message", Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(DeliveryWatch.windowKey(user.userId)));

        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        assertThat(ContractJson.mapper().readTree(world.providerRequestsTo(user.phone).getFirst().body())
                .path("type").asString()).isEqualTo("interactive");
    }

    @Test
    void anEraseRequestRemovesTheUsersLedgerAndWindow() {
        Recipient user = optedIn(true, true);
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
        redis.opsForValue().set(DeliveryWatch.windowKey(user.userId), "1");

        long erased = erasure.erase(user.userId);

        assertThat(erased).isGreaterThanOrEqualTo(3);
        assertThat(redis.hasKey(Ledger.key(message.messageId(), Channel.WHATSAPP))).isFalse();
        assertThat(redis.hasKey(DeliveryWatch.windowKey(user.userId))).isFalse();
        assertThat(redis.opsForZSet().score(DeliveryWatch.DUE, "ttl:" + message.messageId())).isNull();
    }

    @Test
    void anUnreadableRecordIsKeptAsADeadLetterAndTheStageGoesOn() throws Exception {
        String key = "u-unreadable-" + UUID.randomUUID();
        List<String> poison = List.of("{not json", "{\"schemaVersion\":1,\"composedAt\":\"9999-01-01T00:00:00Z\"}",
                "{\"schemaVersion\":1,\"messageId\":\"" + "x".repeat(100_000) + "\"}");

        for (String record : poison) {
            kafka.send(Topics.COMPOSED_MESSAGES, key, record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            String body = mvc.perform(get("/api/v1/admin/dead-letters").header(GatewayToken.HEADER, admin()))
                    .andReturn().getResponse().getContentAsString();
            return body.split(java.util.regex.Pattern.quote(key), -1).length - 1 == poison.size()
                    && body.contains("unparseable");
        });
        Recipient user = optedIn(true, true);
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);
    }

    @Test
    void aDeadLetterAnotherStageSetAsideOnTheSameTopicIsNotTheDispatchers() throws Exception {
        String others = "u-other-stage-" + UUID.randomUUID();
        String own = "u-own-" + UUID.randomUUID();
        var fromTracking = new org.apache.kafka.clients.producer.ProducerRecord<String, Object>(
                Topics.COMPOSED_MESSAGES + "-dlt", others, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fromTracking.headers().add(io.sbme.support.poison.DeadLetterReason.STAGE,
                "tracking-service-composed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        kafka.send(fromTracking).get();
        kafka.send(Topics.COMPOSED_MESSAGES, own, "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8)).get();

        // The dispatcher's own dead letter comes after the other stage's on the topic's one partition;
        // once it is listed, the other one was read and passed over.
        String body = await().atMost(Duration.ofSeconds(20)).until(() -> mvc.perform(get("/api/v1/admin/dead-letters")
                .header(GatewayToken.HEADER, admin())).andReturn().getResponse().getContentAsString(), b -> b.contains(own));
        assertThat(body).doesNotContain(others);
    }

    @Test
    void anOpenWhatsAppBreakerFallsBackInsteadOfPilingUp() {
        Recipient user = optedIn(true, true);
        breakers.of(Channel.WHATSAPP).transitionToForcedOpenState();
        try {
            MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);

            awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
            assertThat(result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK).cause()).isEqualTo("circuit_open");
            assertThat(world.providerRequestsTo(user.phone)).extracting(FakeProvider.Request::channel)
                    .containsExactly("sms");
        } finally {
            breakers.of(Channel.WHATSAPP).transitionToClosedState();
        }
    }

    @Test
    void aVaultOutageLongerThanTheRetriesPausesDispatchingAndThenEveryMessageGoesOutOnceNoneDeadLettered()
            throws Exception {
        List<Recipient> users = optedInUsers(10);
        Recipient late = optedIn(true, true);
        List<MessageComposed> messages;
        MessageComposed stale;
        world.vaultDown(true);
        try {
            messages = publishOneEach(users, List.of(Channel.WHATSAPP, Channel.SMS));
            // Composed almost a day ago: an abandoned cart's 24-hour validity passes while the vault is down.
            stale = Messages.composed("msg-" + UUID.randomUUID(), late.userId, List.of(Channel.WHATSAPP, Channel.SMS), 0,
                    Instant.now().minus(Flow.ABANDONED_CART.validity()).plusSeconds(2));
            publisher.publish(Topics.COMPOSED_MESSAGES, late.userId, stale);

            await().atMost(Duration.ofSeconds(30)).until(() -> outages.paused(DispatchStage.LISTENER));
            assertThat(vault.dependency().breaker().getState()).isNotEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(breakerState("open") + breakerState("half_open")).isEqualTo(1);
            // Longer than the whole retry schedule (1 + 2 + 4 s here), after which every message used to be dead-lettered.
            await().atMost(Duration.ofSeconds(60)).until(() -> world.vaultRefusingFor().compareTo(Duration.ofSeconds(9)) > 0);
            assertThat(users).allSatisfy(u -> assertThat(world.providerRequestsTo(u.phone)).isEmpty());
        } finally {
            world.vaultDown(false);
        }

        messages.forEach(m -> awaitResult(m, Channel.WHATSAPP, DispatchOutcome.SENT));
        awaitResult(stale, Channel.WHATSAPP, DispatchOutcome.EXPIRED);
        assertThat(result(stale, Channel.WHATSAPP, DispatchOutcome.EXPIRED).cause()).isEqualTo("validity_passed");
        assertThat(world.providerRequestsTo(late.phone)).isEmpty();
        assertThat(users).allSatisfy(u -> assertThat(world.providerRequestsTo(u.phone)).singleElement()
                .satisfies(r -> assertThat(r.channel()).isEqualTo("whatsapp")));
        assertThat(messages).allSatisfy(m -> assertThat(results(m)).extracting(DispatchResult::outcome)
                .containsExactly(DispatchOutcome.SENT));
        String deadLetters = mvc.perform(get("/api/v1/admin/dead-letters").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(messages).allSatisfy(m -> assertThat(deadLetters).doesNotContain(m.messageId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !outages.paused(DispatchStage.LISTENER));
        assertThat(vault.dependency().breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakerState("closed")).isEqualTo(1);
    }

    @Test
    void aFailedStatusReportedByWebhookAfterAcceptanceFallsBackAtOnce() {
        Recipient user = optedIn(true, true);
        MessageComposed message = dispatch(user, List.of(Channel.WHATSAPP, Channel.SMS), 60);
        awaitResult(message, Channel.WHATSAPP, DispatchOutcome.SENT);

        publisher.publish(Topics.TRACKING_EVENTS, message.userId(), new TrackingEvent(TrackingEvent.SCHEMA_VERSION,
                "trk-" + UUID.randomUUID(), message.messageId(), message.userId(), Flow.ABANDONED_CART, "A",
                Channel.WHATSAPP, TrackingStatus.FAILED, null, false, true, null, null, null,
                "131026 Message undeliverable", Instant.now()));

        awaitResult(message, Channel.SMS, DispatchOutcome.SENT);
        DispatchResult fellBack = result(message, Channel.WHATSAPP, DispatchOutcome.FELL_BACK);
        assertThat(fellBack.cause()).isEqualTo("not_on_whatsapp");
        assertThat(fellBack.errorCode()).isEqualTo("131026");
    }

    // --- helpers ---

    private List<Recipient> optedInUsers(int count) {
        List<Recipient> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(optedIn(true, true));
        }
        return users;
    }

    /** Composes one message for each user, all on the same plan, and publishes them one after another. */
    private List<MessageComposed> publishOneEach(List<Recipient> users, List<Channel> plan) {
        List<MessageComposed> messages = new ArrayList<>();
        for (Recipient user : users) {
            MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId, plan, 0);
            messages.add(message);
            publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
        }
        return messages;
    }


    private record Recipient(String userId, String phone) {
    }

    private Recipient optedIn(boolean whatsapp, boolean sms) {
        return withConsent(ConsentStatus.OPTED_IN, whatsapp, sms, "opted_in");
    }

    private Recipient withConsent(ConsentStatus status, boolean whatsapp, boolean sms, String change) {
        String userId = "u-" + UUID.randomUUID().toString().replace("-", "");
        String phone = "+9198" + String.format("%08d", Math.floorMod(userId.hashCode(), 100_000_000));
        if (status == ConsentStatus.OPTED_IN) {
            world.optIn(userId, phone);
        }
        publishConsent(userId, status, whatsapp, sms, change, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> consentView.of(userId).isPresent());
        return new Recipient(userId, phone);
    }

    /** A number entered on the storefront whose owner has not replied YES yet; the confirmation goes on {@code channel}. */
    private Recipient pendingOn(Channel channel) {
        Recipient user = withConsent(ConsentStatus.ANONYMOUS, false, false, "created");
        world.pending(user.userId, user.phone);
        publisher.publish(Topics.CONSENT_STATE, user.userId, new ConsentState(ConsentState.SCHEMA_VERSION, user.userId, 2,
                ConsentStatus.PENDING, "+91 ••••••0000", "IN", "Asia/Kolkata", new ConsentState.ChannelConsent(false, false),
                channel, "confirmation_requested", Instant.now(), "nk-" + user.userId, channel));
        await().atMost(Duration.ofSeconds(15)).until(() -> consentView.of(user.userId)
                .filter(s -> s.status() == ConsentStatus.PENDING).isPresent());
        return user;
    }

    private void publishConsent(String userId, ConsentStatus status, boolean whatsapp, boolean sms, String change,
                                long version) {
        publisher.publish(Topics.CONSENT_STATE, userId, new ConsentState(ConsentState.SCHEMA_VERSION, userId, version,
                status, "+91 ••••••0000", "IN", "Asia/Kolkata", new ConsentState.ChannelConsent(whatsapp, sms),
                Channel.WHATSAPP, change, Instant.now()));
    }

    private MessageComposed dispatch(Recipient user, List<Channel> plan, long ttlSeconds) {
        MessageComposed message = Messages.composed("msg-" + UUID.randomUUID(), user.userId, plan, ttlSeconds);
        publisher.publish(Topics.COMPOSED_MESSAGES, user.userId, message);
        return message;
    }

    private void track(MessageComposed message, TrackingStatus status) {
        track(message, Channel.WHATSAPP, status);
    }

    private void track(MessageComposed message, Channel channel, TrackingStatus status) {
        publisher.publish(Topics.TRACKING_EVENTS, message.userId(), new TrackingEvent(TrackingEvent.SCHEMA_VERSION,
                "trk-" + UUID.randomUUID(), message.messageId(), message.userId(), Flow.ABANDONED_CART, "A",
                channel, status, null, false, true, null, null, null, null, Instant.now()));
    }

    private List<DispatchResult> results(MessageComposed message) {
        return rawResults.stream().map(r -> ContractJson.read(r, DispatchResult.class))
                .filter(r -> message.messageId().equals(r.messageId())).toList();
    }

    private DispatchResult result(MessageComposed message, Channel channel, DispatchOutcome outcome) {
        return results(message).stream().filter(r -> r.channel() == channel && r.outcome() == outcome).findFirst()
                .orElseThrow(() -> new AssertionError("no " + outcome + " on " + channel + " in " + results(message)));
    }

    private void awaitResult(MessageComposed message, Channel channel, DispatchOutcome outcome) {
        await().atMost(Duration.ofSeconds(30)).until(() -> results(message).stream()
                .anyMatch(r -> r.channel() == channel && r.outcome() == outcome));
    }

    private String deadLetterIdOf(MessageComposed message) throws Exception {
        String body = mvc.perform(get("/api/v1/admin/dead-letters").header(GatewayToken.HEADER, admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (var entry : ContractJson.mapper().readTree(body)) {
            if (message.messageId().equals(entry.path("messageId").asString(null))) {
                assertThat(entry.path("cause").asString()).isEqualTo("retries_exhausted");
                return entry.path("id").asString();
            }
        }
        throw new AssertionError("no dead letter for " + message.messageId() + " in " + body);
    }

    /** The vault breaker's state gauge as exported to Prometheus (1 for the current state, 0 otherwise). */
    private double breakerState(String state) {
        return meters.get("resilience4j.circuitbreaker.state").tags("name", "vault", "state", state).gauge().value();
    }

    private Map<String, String> redisDump() {
        return RedisContents.dump(redis);
    }

    private String admin() {
        return tokens.mint(new Caller("alice", Caller.Role.ADMIN));
    }
}
