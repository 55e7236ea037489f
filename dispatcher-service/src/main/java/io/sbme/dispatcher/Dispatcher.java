package io.sbme.dispatcher;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.TrackingEvent;
import io.sbme.support.privacy.ProviderIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Delivers one composed message along its channel plan, WhatsApp first with SMS fallback.
 *
 * <p>Before each provider request, in this order: the message is not cancelled (consent revoked),
 * the channel is not paused, the consent view allows the channel, the breaker is closed, the vault
 * resolves the number (the final gate), a rate-limit slot is free, and the ledger claim succeeds.
 * A channel that cannot be used is recorded as {@code fell_back} with its cause and the next one is
 * tried; the last one is recorded as {@code blocked} (or {@code failed} after a permanent provider
 * refusal). A transient failure throws {@link TransientDispatchException} so the record is retried
 * from a retry topic; the ledger lets that retry pick up exactly where this attempt stopped. An
 * outage (the vault unreachable, the last channel's provider breaker open) throws
 * {@link io.sbme.support.outage.DependencyDown} instead: the message waits for the dependency and is
 * never dead-lettered for it. A message whose flow's validity passed while it waited is recorded as
 * {@code expired} ({@code validity_passed}) and not sent.
 *
 * <p>A number pending confirmation (double opt-in) gets only the {@code opt_in_confirmation} message,
 * on the channel its consent waits on, resolved with the vault's {@code confirmation} purpose;
 * everything else to it is blocked ({@code awaiting_confirmation}) until its owner replies YES.
 */
@Component
class Dispatcher {

    private final Ledger ledger;
    private final ConsentView consent;
    private final ChannelStates channels;
    private final VaultClient vault;
    private final RateLimiter rateLimiter;
    private final Breakers breakers;
    private final SenderRegistry senders;
    private final DispatchResults results;
    private final DeliveryWatch watch;
    private final ProviderIds providerIds;
    private final Clock clock = Clock.systemUTC();

    Dispatcher(Ledger ledger, ConsentView consent, ChannelStates channels, VaultClient vault, RateLimiter rateLimiter,
               Breakers breakers, SenderRegistry senders, DispatchResults results, DeliveryWatch watch,
               ProviderIds providerIds) {
        this.ledger = ledger;
        this.consent = consent;
        this.channels = channels;
        this.vault = vault;
        this.rateLimiter = rateLimiter;
        this.breakers = breakers;
        this.senders = senders;
        this.results = results;
        this.watch = watch;
        this.providerIds = providerIds;
    }

    void dispatch(MessageComposed message) {
        List<Channel> plan = plan(message);
        Ledger.Outlook outlook = ledger.look(message, plan);
        if (plan.isEmpty()) {
            results.record(message, null, 0, DispatchOutcome.BLOCKED, "no_channel", null, null, null);
            return;
        }
        List<LedgerState> states = outlook.states();
        for (int i = 0; i < plan.size(); i++) {
            if (states.get(i) instanceof LedgerState.Sent sent) {
                recordedAgain(message, plan, i, sent);
                return;
            }
            if (LedgerState.attempted(states.get(i))) {
                // A redelivery (after a crash, a rebalance or a duplicate): the provider was already asked.
                results.record(message, plan.get(i), 0, DispatchOutcome.FAILED, "already_attempted", null, null,
                        masked(message));
                if (states.get(i) instanceof LedgerState.InFlight && plan.get(i) == Channel.WHATSAPP && i < plan.size() - 1
                        && message.deliveryTtlSeconds() > 0) {
                    // Whether the crashed request reached Meta is unknown: a `delivered` will say so; without
                    // one the message falls back after its TTL, so it is neither sent twice nor lost.
                    watch.expectDelivery(message);
                }
                return;
            }
        }
        if (consent.standing(message.userId()) == ConsentView.Standing.REVOKED) {
            cancel(message, plan);
            return;
        }
        if (expired(message, clock.instant())) {
            expire(message, plan);
            return;
        }
        for (int i = 0; i < plan.size(); i++) {
            Channel channel = plan.get(i);
            boolean last = i == plan.size() - 1;
            if (LedgerState.givenUp(states.get(i))) {
                continue;
            }
            if (attempt(message, channel, last, outlook.insideWindow())) {
                return;
            }
        }
    }

    /**
     * A redelivery of a message the provider already accepted on {@code plan.get(index)}: nothing is
     * sent; its {@code sent} result is recorded again, since the instance that sent it may have stopped
     * before the broker acknowledged it, and readers count the two as one (the same result id). A
     * WhatsApp delivery check that the stop may have left out is made up for.
     */
    private void recordedAgain(MessageComposed message, List<Channel> plan, int index, LedgerState.Sent sent) {
        Channel channel = plan.get(index);
        if (channel == Channel.WHATSAPP && index < plan.size() - 1 && message.deliveryTtlSeconds() > 0
                && !watch.delivered(message.messageId())) {
            watch.expectDeliveryUnlessWatched(message);
        }
        results.record(message, channel, ledger.attempts(message.messageId(), channel), DispatchOutcome.SENT, null,
                sent.providerDigest(), null, masked(message));
    }

    /**
     * A delivery receipt settled a claim cut off mid-send (the instance stopped while the provider had
     * the request, {@link Ledger#settleInFlight}): the receipt shows the provider accepted it, so it is
     * recorded as sent.
     */
    void recordSentAsReceiptShows(TrackingEvent receipt) {
        String masked = consent.of(receipt.userId()).map(ConsentState::maskedPhone).orElse(null);
        results.record(receipt.messageId(), receipt.userId(), receipt.flow(), receipt.variant(), receipt.channel(),
                ledger.attempts(receipt.messageId(), receipt.channel()), DispatchOutcome.SENT, null,
                receipt.providerMessageId(), null, masked);
    }

    /**
     * WhatsApp was sent but not delivered in time (or failed after acceptance): give it up and go on
     * with the rest of the plan. Nothing happens when it was delivered meanwhile or the message
     * already moved on.
     */
    void fallBackFromWhatsApp(MessageComposed message, String cause, String errorCode) {
        if (watch.delivered(message.messageId())) {
            return;
        }
        LedgerState state = ledger.state(message.messageId(), Channel.WHATSAPP);
        if (!LedgerState.attempted(state)) {
            return;
        }
        List<Channel> plan = plan(message);
        if (consent.standing(message.userId()) == ConsentView.Standing.REVOKED) {
            ledger.mark(message.messageId(), Channel.WHATSAPP, new LedgerState.Expired(null));
            cancel(message, plan);
            return;
        }
        ledger.mark(message.messageId(), Channel.WHATSAPP, new LedgerState.Expired(null));
        String providerDigest = state instanceof LedgerState.Sent sent ? sent.providerDigest() : null;
        results.record(message, Channel.WHATSAPP, 0, DispatchOutcome.FELL_BACK, cause, providerDigest, errorCode,
                masked(message));
        dispatch(message);
    }

    /** Tries one channel; true when the message is done (sent, or stopped), false to try the next channel. */
    private boolean attempt(MessageComposed message, Channel channel, boolean last, boolean insideWindow) {
        String gate = gate(message, channel);
        if (gate != null) {
            giveUp(message, channel, last, new LedgerState.Skipped(gate), gate, null, masked(message), 0, DispatchOutcome.BLOCKED);
            return false;
        }
        CircuitBreaker breaker = breakers.of(channel);
        if (!breaker.tryAcquirePermission()) {
            if (!last) {
                giveUp(message, channel, false, new LedgerState.Skipped("circuit_open"), "circuit_open", null, masked(message), 0, null);
                return false;
            }
            // The provider as a whole is down and no channel is left: the message waits for it.
            throw breakers.dependency(channel).down("circuit_open");
        }
        VaultClient.Resolution resolution = vault.resolve(message.userId(), channel, message.messageId(),
                confirmation(message));
        switch (resolution) {
            case VaultClient.Refused refused -> {
                breaker.releasePermission();
                giveUp(message, channel, last, new LedgerState.Skipped(refused.cause()), refused.cause(), null, masked(message), 0,
                        DispatchOutcome.BLOCKED);
                return false;
            }
            case VaultClient.Down down -> {
                breaker.releasePermission();
                throw vault.dependency().down(down.cause());
            }
            case VaultClient.Unavailable unavailable -> {
                breaker.releasePermission();
                results.record(message, channel, 0, DispatchOutcome.FAILED, unavailable.cause(), null, null, masked(message));
                throw new TransientDispatchException(channel, unavailable.cause(), null);
            }
            case VaultClient.Resolved resolved -> {
                return send(message, channel, last, breaker, resolved, insideWindow);
            }
        }
    }

    private boolean send(MessageComposed message, Channel channel, boolean last, CircuitBreaker breaker,
                         VaultClient.Resolved recipient, boolean insideWindow) {
        if (!rateLimiter.acquire(channel)) {
            breaker.releasePermission();
            throw new TransientDispatchException(channel, "rate_limited", "local");
        }
        int attempt = ledger.claim(message.messageId(), channel);
        if (attempt == 0) {
            breaker.releasePermission();
            results.record(message, channel, 0, DispatchOutcome.FAILED, "already_attempted", null, null,
                    recipient.maskedPhone());
            return true;
        }
        ChannelSender sender = senders.forChannel(channel).orElseThrow();
        long started = System.nanoTime();
        // The full number lives only inside this call; it is not kept, logged or published.
        SendOutcome outcome = sender.send(new OutboundMessage(message.messageId(), recipient.phone(),
                recipient.maskedPhone(), message, channel == Channel.WHATSAPP && insideWindow));
        long took = System.nanoTime() - started;
        switch (outcome) {
            case SendOutcome.Accepted accepted -> {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                // Meta's ids embed the recipient's number: only the digest is kept, published or logged.
                String providerDigest = providerIds.digest(accepted.providerMessageId());
                ledger.mark(message.messageId(), channel, new LedgerState.Sent(providerDigest));
                // Before the result, which may wait out a broker outage: the delivery check must not wait with it.
                if (channel == Channel.WHATSAPP && !last && message.deliveryTtlSeconds() > 0) {
                    watch.expectDelivery(message);
                }
                results.record(message, channel, attempt, DispatchOutcome.SENT, null, providerDigest, null,
                        recipient.maskedPhone());
                return true;
            }
            case SendOutcome.Permanent permanent -> {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                giveUp(message, channel, last, new LedgerState.Failed(permanent.cause()), permanent.cause(), permanent.errorCode(),
                        recipient.maskedPhone(), attempt, DispatchOutcome.FAILED);
                return false;
            }
            case SendOutcome.Transient failure -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new TransientDispatchException(channel, failure.cause(),
                        failure.errorCode()));
                ledger.mark(message.messageId(), channel, LedgerState.RETRY);
                results.record(message, channel, attempt, DispatchOutcome.FAILED, failure.cause(), null,
                        failure.errorCode(), recipient.maskedPhone());
                throw new TransientDispatchException(channel, failure.cause(), failure.errorCode());
            }
            case SendOutcome.NotSendable notSendable -> {
                breaker.releasePermission();
                ledger.mark(message.messageId(), channel, new LedgerState.Skipped(notSendable.cause()));
                return false;
            }
        }
    }

    /** Why the channel may not be used now, or null. */
    private String gate(MessageComposed message, Channel channel) {
        return DispatchGate.closedBecause(channel, channels.paused(channel), consent.of(message.userId()).orElse(null),
                confirmation(message));
    }

    private static boolean confirmation(MessageComposed message) {
        return message.flow() == Flow.OPT_IN_CONFIRMATION;
    }

    private void giveUp(MessageComposed message, Channel channel, boolean last, LedgerState ledgerState, String cause,
                        String errorCode, String maskedPhone, int attempt, DispatchOutcome lastOutcome) {
        ledger.mark(message.messageId(), channel, ledgerState);
        DispatchOutcome outcome = last ? lastOutcome : DispatchOutcome.FELL_BACK;
        results.record(message, channel, attempt, outcome, cause, null, errorCode, maskedPhone);
    }

    /** Consent was revoked while the message waited: it ends as cancelled, nothing more is sent. */
    private void cancel(MessageComposed message, List<Channel> plan) {
        Channel pending = null;
        for (Channel channel : plan) {
            if (LedgerState.open(ledger.state(message.messageId(), channel))) {
                ledger.mark(message.messageId(), channel, LedgerState.CANCELLED);
                pending = pending == null ? channel : pending;
            }
        }
        watch.forget(message.messageId());
        if (pending != null) {
            results.record(message, pending, 0, DispatchOutcome.CANCELLED, "consent_revoked", null, null, masked(message));
        }
    }

    /** Whether the message's flow no longer wants it sent: composed longer ago than the flow's validity. */
    static boolean expired(MessageComposed message, Instant now) {
        Flow flow = message.flow() == null ? Flow.UNKNOWN : message.flow();
        return message.composedAt() != null && now.isAfter(message.composedAt().plus(flow.validity()));
    }

    /** The message waited past its validity (an outage): nothing is sent, and it ends as expired with the reason. */
    private void expire(MessageComposed message, List<Channel> plan) {
        Channel pending = null;
        for (Channel channel : plan) {
            if (LedgerState.open(ledger.state(message.messageId(), channel))) {
                ledger.mark(message.messageId(), channel, new LedgerState.Expired("validity_passed"));
                pending = pending == null ? channel : pending;
            }
        }
        watch.forget(message.messageId());
        if (pending != null) {
            results.record(message, pending, 0, DispatchOutcome.EXPIRED, "validity_passed", null, null, masked(message));
        }
    }

    List<Channel> plan(MessageComposed message) {
        List<Channel> plan = message.channelPlan() == null ? List.of() : message.channelPlan();
        return plan.stream().distinct()
                .filter(c -> c == Channel.WHATSAPP || c == Channel.SMS)
                .filter(c -> senders.forChannel(c).isPresent())
                .toList();
    }

    /** The recipient as the admin may see it, from the consent view; null when the view has no entry. */
    String masked(MessageComposed message) {
        return consent.of(message.userId()).map(ConsentState::maskedPhone).orElse(null);
    }
}
