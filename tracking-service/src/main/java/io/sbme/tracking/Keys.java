package io.sbme.tracking;

/**
 * Every Redis key tracking-service owns, all under the {@code trk:} prefix. Keys that hold a user id
 * (in the name or the value) are listed in {@code TrackingErasure}, which deletes or rewrites them on
 * request.
 */
public final class Keys {

    private Keys() {
    }

    /** The message document (JSON). Holds the user id, unless the user was erased. */
    public static String message(String messageId) {
        return "trk:msg:" + messageId;
    }

    /** A user's message ids, scored by creation time. */
    public static String userMessages(String userId) {
        return "trk:user:" + userId;
    }

    /** Tracking-link code → message id. */
    public static String code(String code) {
        return "trk:code:" + code;
    }

    /**
     * Provider message id → message id. Provider ids here and in {@link #seen} and {@link #pending}
     * are always {@code ProviderIds} digests, never a wamid or SID: a wamid embeds the phone number.
     */
    public static String provider(String providerDigest) {
        return "trk:provider:" + providerDigest;
    }

    /** A webhook already applied: provider id digest + status. Holds no user data. */
    public static String seen(String providerDigest, String status) {
        return "trk:seen:" + providerDigest + ":" + status;
    }

    /** Statuses that arrived before the message was known, keyed by message id or provider id digest. */
    public static String pending(String id) {
        return "trk:pending:" + id;
    }

    /** The user's last click (message, channel, time), for attribution by window. */
    public static String lastClick(String userId) {
        return "trk:lastclick:" + userId;
    }

    /** An order already attributed. Holds no user id. */
    public static String order(String orderId) {
        return "trk:order:" + orderId;
    }

    /** The user's latest experiment arm per flow (hash flow → JSON). */
    public static String arms(String userId) {
        return "trk:arm:" + userId;
    }

    /**
     * Records waiting to be published on Kafka, oldest first (a list of JSON entries). Holds user
     * ids until each record is acknowledged; an erase rewrites the user's entries.
     */
    public static String outbox() {
        return "trk:outbox";
    }

    /** Which instance relays the outbox now (its id, with a lease time). */
    public static String outboxLease() {
        return "trk:outbox:lease";
    }

    /** A user was erased: keyed by a keyed HMAC of the id, so the id itself is not stored. */
    public static String erasedUser(String mark) {
        return "trk:erased:" + mark;
    }

    /**
     * Statuses parked for a message not yet known, by the id they wait under, scored by when they
     * arrived: tracking's progress stays behind the oldest, since it is not published yet.
     */
    public static String parked() {
        return "trk:parked";
    }

    /** The progress last published on {@code tracking-events} (a hash: watermark, tick, hold). Holds no user data. */
    public static String progress() {
        return "trk:progress";
    }
}
