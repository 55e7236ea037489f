package io.sbme.contracts;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kafka topics of the product, each named once with its value type.
 *
 * <p>These names are a public interface between services and deployments: renaming one needs a
 * migration (a new topic, a bridge, then a switch), never an edit here. Every topic is keyed by
 * {@code userId} unless its comment says otherwise, so one user's records stay in order.
 */
public final class Topics {

    /** Every accepted customer action (storefront, batch sources, clicks and inbound replies). */
    public static final String CUSTOMER_EVENTS = "customer-events.v1";
    /** Consent per user. Compacted; a tombstone (null value) means the user was deleted. */
    public static final String CONSENT_STATE = "consent-state.v1";
    /** Erase requests that every service holding per-user state carries out. */
    public static final String PRIVACY_REQUESTS = "privacy-requests.v1";
    /** Each service's confirmation that it carried out an erase request. Keyed by request id. */
    public static final String PRIVACY_ACKS = "privacy-acks.v1";
    /** SEND / HOLD / SUPPRESS decisions with their reasons. */
    public static final String DECISIONS = "decisions.v1";
    /** Rendered messages, one rendition per channel of the plan. */
    public static final String COMPOSED_MESSAGES = "composed-messages.v1";
    /** One record per delivery attempt and its outcome. */
    public static final String DISPATCH_RESULTS = "dispatch-results.v1";
    /** Delivered, read, clicked, converted and opted-out facts. */
    public static final String TRACKING_EVENTS = "tracking-events.v1";
    /** The store's products. Compacted, keyed by product id; a tombstone removes a product. */
    public static final String CATALOG = "catalog.v1";
    /** Channel pause state. Compacted, keyed by channel name. */
    public static final String CHANNEL_CONTROL = "channel-control.v1";
    /**
     * Who did what and when; never raw personal data. Keyed by the acting service. A transport, not
     * the record: the durable audit copy is the dashboard's redactable chain, and this topic keeps
     * entries (user ids included) only for {@link #AUDIT_LOG_RETENTION}.
     */
    public static final String AUDIT_LOG = "audit-log.v1";

    /**
     * How long {@link #AUDIT_LOG} keeps a record before Kafka may delete it. Kafka deletes whole
     * segments, so a record can outlive this by up to {@link #AUDIT_LOG_SEGMENT}.
     */
    public static final Duration AUDIT_LOG_RETENTION = Duration.ofDays(7);
    /** How long {@link #AUDIT_LOG} writes one segment before rolling to the next. */
    public static final Duration AUDIT_LOG_SEGMENT = Duration.ofDays(1);

    private static final Map<String, Class<?>> VALUE_TYPES = Map.ofEntries(
            Map.entry(CUSTOMER_EVENTS, CustomerEvent.class),
            Map.entry(CONSENT_STATE, ConsentState.class),
            Map.entry(PRIVACY_REQUESTS, PrivacyRequest.class),
            Map.entry(PRIVACY_ACKS, PrivacyAck.class),
            Map.entry(DECISIONS, Decision.class),
            Map.entry(COMPOSED_MESSAGES, MessageComposed.class),
            Map.entry(DISPATCH_RESULTS, DispatchResult.class),
            Map.entry(TRACKING_EVENTS, TrackingEvent.class),
            Map.entry(CHANNEL_CONTROL, ChannelControl.class),
            Map.entry(CATALOG, CatalogProduct.class),
            Map.entry(AUDIT_LOG, AuditEntry.class));

    // spring-kafka's non-blocking retries and dead letters append these to the main topic's name.
    private static final Pattern RETRY_SUFFIX = Pattern.compile("(-retry(-\\d+)?|-dlt|\\.DLT)$");

    private Topics() {
    }

    /** Every main topic name. */
    public static java.util.Set<String> all() {
        return VALUE_TYPES.keySet();
    }

    /** The record type carried by a topic, including its retry and dead-letter topics. */
    public static Class<?> valueType(String topic) {
        Class<?> type = VALUE_TYPES.get(RETRY_SUFFIX.matcher(topic).replaceFirst(""));
        if (type == null) {
            throw new IllegalArgumentException("unknown topic: " + topic);
        }
        return type;
    }

    /** The logical type name written in the {@code sbme-type} header, e.g. {@code Decision.v1}. */
    public static String logicalType(Class<?> recordType) {
        return recordType.getSimpleName() + ".v1";
    }

    /** Whether the topic is compacted (the latest value per key is the state). */
    public static boolean compacted(String topic) {
        return CONSENT_STATE.equals(topic) || CHANNEL_CONTROL.equals(topic) || CATALOG.equals(topic);
    }
}
