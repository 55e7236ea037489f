package io.sbme.tracking.messages;

import io.sbme.contracts.Channel;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.tracking.status.Progress;
import io.sbme.tracking.status.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything tracking knows about one message: who it is for, its renditions, every dispatch attempt,
 * its status progress, clicks and conversions. A mutable document stored as JSON under
 * {@code trk:msg:<id>} and changed only through {@link MessageRegistry#update}, which retries on
 * concurrent writes. Holds a user id but never a phone number; once its user is erased, only what
 * the counts need (see {@link #forgetOwner}).
 */
public final class TrackedMessage {

    /** Attempts kept per message; a message has a handful (one per channel and retry). */
    static final int MAX_ATTEMPTS = 20;

    public String messageId;
    public String userId;
    public Flow flow;
    public String variant;
    public String experimentArm;
    public String templateId;
    public int templateVersion;
    public List<Channel> channelPlan = List.of();
    public MessageComposed.Card whatsappCard;
    public MessageComposed.Sms sms;
    public MessageComposed.Instagram instagram;
    public String trackingUrl;
    public String code;
    public String destinationUrl;
    public boolean composed;
    public List<AttemptRecord> attempts = new ArrayList<>();
    public Progress progress = Progress.none();
    public Fallback fallback;
    public int clicks;
    public int conversions;
    /**
     * Digests of the orders credited to this message, changed in the same write as
     * {@link #conversions}, so a redelivered order is never credited twice. Digests, not order ids:
     * they survive an erase and must not lead back to the shopper's order.
     */
    public List<String> creditedOrders = new ArrayList<>();
    public Instant createdAt;
    public Instant updatedAt;
    /** The user was erased: the document keeps progress and counts only, and never gets a user back. */
    public boolean erased;
    /** The erased user's mark ({@code ErasedUsers#mark}), so an order of theirs can still be credited. */
    public String erasedOwner;

    /** Orders remembered per message; far more than one message ever converts. */
    static final int MAX_CREDITED_ORDERS = 50;

    /** Credits an order once: true when it was new to this message and now counts. */
    public boolean credit(String orderDigest) {
        if (creditedOrders == null) {
            creditedOrders = new ArrayList<>();
        }
        if (creditedOrders.contains(orderDigest)) {
            return false;
        }
        creditedOrders.add(orderDigest);
        if (creditedOrders.size() > MAX_CREDITED_ORDERS) {
            creditedOrders.removeFirst();
        }
        conversions++;
        return true;
    }

    /** One dispatch result for this message. */
    public record AttemptRecord(String resultId, Channel channel, int attempt, DispatchOutcome outcome, String cause,
                                String providerMessageId, String errorCode, Instant at) {
    }

    /** The message left one channel for another, and why. */
    public record Fallback(Channel from, Channel to, String cause) {
    }

    /** The message's status as the shopper's phone panel shows it. */
    public String status() {
        Stage best = progress.attempts().values().stream()
                .filter(a -> !a.failed())
                .map(Progress.Attempt::stage)
                .max(Enum::compareTo).orElse(null);
        if (best != null) {
            return best == Stage.ACCEPTED ? "sent" : best.wireName();
        }
        DispatchOutcome last = attempts.isEmpty() ? null : attempts.getLast().outcome();
        if (last == DispatchOutcome.CANCELLED) {
            return "cancelled";
        }
        if (last == DispatchOutcome.BLOCKED) {
            return "blocked";
        }
        boolean anyFailed = progress.attempts().values().stream().anyMatch(Progress.Attempt::failed);
        if (anyFailed || last == DispatchOutcome.FAILED || last == DispatchOutcome.DEAD_LETTERED) {
            return "failed";
        }
        return "queued";
    }

    /** The channel of the latest attempt the provider accepted, else of the latest attempt, else the plan's first. */
    public Channel currentChannel() {
        for (AttemptRecord attempt : attempts.reversed()) {
            if (attempt.outcome() == DispatchOutcome.SENT) {
                return attempt.channel();
            }
        }
        if (!attempts.isEmpty()) {
            return attempts.getLast().channel();
        }
        return channelPlan.isEmpty() ? null : channelPlan.getFirst();
    }

    /**
     * The channel a click most likely came from: the one whose attempt got furthest (read beats
     * delivered beats sent), the later attempt on a tie. Both renditions carry the same link.
     */
    public Channel clickChannel() {
        Channel best = null;
        Stage bestStage = null;
        for (AttemptRecord attempt : attempts) {
            if (attempt.outcome() != DispatchOutcome.SENT) {
                continue;
            }
            Progress.Attempt progressOf = progress.attempt(attempt.channel());
            if (progressOf.failed()) {
                continue;
            }
            if (bestStage == null || progressOf.stage().compareTo(bestStage) >= 0) {
                best = attempt.channel();
                bestStage = progressOf.stage();
            }
        }
        return best != null ? best : currentChannel();
    }

    /**
     * Keeps only what aggregate counts need once the user is erased: the status progress, counters,
     * flow, variant and plan stay (a late status is counted once, not again); the user id, the
     * renditions, the link and the provider id digests go (each still stands for one recipient's
     * message).
     */
    void forgetOwner(String ownerMark) {
        erased = true;
        erasedOwner = erasedOwner != null ? erasedOwner : ownerMark;
        userId = null;
        whatsappCard = null;
        sms = null;
        instagram = null;
        trackingUrl = null;
        code = null;
        destinationUrl = null;
        attempts = attempts.stream().map(a -> new AttemptRecord(a.resultId(), a.channel(), a.attempt(), a.outcome(),
                a.cause(), null, a.errorCode(), a.at())).toList();
    }

    void addAttempt(AttemptRecord attempt) {
        if (attempts.stream().anyMatch(a -> a.resultId() != null && a.resultId().equals(attempt.resultId()))) {
            return;
        }
        List<AttemptRecord> next = new ArrayList<>(attempts);
        next.add(attempt);
        while (next.size() > MAX_ATTEMPTS) {
            next.removeFirst();
        }
        attempts = next;
    }
}
