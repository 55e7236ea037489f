package io.sbme.dispatcher;

/**
 * How far a message got on one channel, as the idempotency ledger stores it. The wire form (the
 * Redis value) is {@code inflight:<attempt>}, {@code sent:<digest>}, {@code retry},
 * {@code failed:<cause>}, {@code skipped:<cause>}, {@code expired[:<reason>]}, {@code dead} or
 * {@code cancelled}; {@link #parse} and {@link #wire} are the only places that know it.
 */
sealed interface LedgerState {

    /** Claimed for a provider request that may or may not have reached the provider. */
    record InFlight(int attempt) implements LedgerState {
    }

    /** Accepted by the provider; {@code providerDigest} stands for the provider's id, never the id itself. */
    record Sent(String providerDigest) implements LedgerState {
    }

    /** A transient failure: the one state that may be claimed again. */
    record Retry() implements LedgerState {
    }

    /** The provider refused it for good. */
    record Failed(String cause) implements LedgerState {
    }

    /** Not tried on this channel (paused, no consent, breaker open, not sendable). */
    record Skipped(String cause) implements LedgerState {
    }

    /** Given up: no delivery in time after sending, or the message's validity passed; reason may be null. */
    record Expired(String reason) implements LedgerState {
    }

    /** Retries ran out; kept for admins. */
    record Dead() implements LedgerState {
    }

    /** Consent was revoked while the message waited. */
    record Cancelled() implements LedgerState {
    }

    Retry RETRY = new Retry();
    Dead DEAD = new Dead();
    Cancelled CANCELLED = new Cancelled();

    /** The state a ledger value stands for; null for no value. An unknown value counts as given up. */
    static LedgerState parse(String value) {
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        String kind = colon < 0 ? value : value.substring(0, colon);
        String detail = colon < 0 ? null : value.substring(colon + 1);
        return switch (kind) {
            case "inflight" -> new InFlight(detail == null ? 0 : Integer.parseInt(detail));
            case "sent" -> new Sent(detail);
            case "retry" -> RETRY;
            case "failed" -> new Failed(detail);
            case "skipped" -> new Skipped(detail);
            case "expired" -> new Expired(detail);
            case "dead" -> DEAD;
            case "cancelled" -> CANCELLED;
            default -> new Skipped(value);
        };
    }

    /** The ledger value of this state. */
    default String wire() {
        return switch (this) {
            case InFlight s -> "inflight:" + s.attempt();
            case Sent s -> "sent:" + s.providerDigest();
            case Retry s -> "retry";
            case Failed s -> "failed:" + s.cause();
            case Skipped s -> "skipped:" + s.cause();
            case Expired s -> s.reason() == null ? "expired" : "expired:" + s.reason();
            case Dead s -> "dead";
            case Cancelled s -> "cancelled";
        };
    }

    /** Whether the channel went, or may have gone, to the provider: a redelivery must not send again. */
    static boolean attempted(LedgerState state) {
        return state instanceof InFlight || state instanceof Sent;
    }

    /** Whether the channel is done with, one way or another, and the next one may be tried. */
    static boolean givenUp(LedgerState state) {
        return state != null && !attempted(state) && !(state instanceof Retry);
    }

    /** Whether nothing has been decided on the channel yet, or only a retry is due. */
    static boolean open(LedgerState state) {
        return state == null || state instanceof Retry;
    }
}
