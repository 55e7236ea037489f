package io.sbme.tracking.outbox;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One record on its way to Kafka: topic, partition key and the contract record. Stored in the
 * outbox as JSON; the record's own id ({@code trackingId}, {@code eventId}) is what consumers
 * de-duplicate on, so it is fixed when the record is made, never when it is sent.
 */
public record OutboxRecord(String topic, String key, Object value) {

    public OutboxRecord {
        if (value == null || Topics.valueType(topic) != value.getClass()) {
            throw new IllegalArgumentException((value == null ? "null" : value.getClass().getSimpleName())
                    + " does not belong on " + topic);
        }
    }

    /**
     * A tracking fact, keyed by its user so one user's facts stay in order; once the user id is gone
     * (erased) by its message, so one message's facts still do.
     */
    public static OutboxRecord tracking(TrackingEvent event) {
        return new OutboxRecord(Topics.TRACKING_EVENTS, event.userId() != null ? event.userId() : event.messageId(), event);
    }

    /** A customer event tracking observed (a click, a reply), keyed by its user. */
    public static OutboxRecord customer(CustomerEvent event) {
        return new OutboxRecord(Topics.CUSTOMER_EVENTS, event.userId(), event);
    }

    /** The user the record is about, or null. */
    public String userId() {
        return switch (value) {
            case TrackingEvent event -> event.userId();
            case CustomerEvent event -> event.userId();
            default -> null;
        };
    }

    /**
     * The record as it may still go out once its user was erased: a tracking fact keeps its id and
     * what the counts need but loses the user id and the provider's message id (a WhatsApp message
     * id embeds the recipient's number); a customer event is about the user and nothing else, so it goes
     * nowhere.
     */
    public Optional<OutboxRecord> withoutUser() {
        if (userId() == null) {
            return Optional.of(this);
        }
        if (value instanceof TrackingEvent e) {
            return Optional.of(tracking(new TrackingEvent(e.schemaVersion(), e.trackingId(), e.messageId(), null, e.flow(),
                    e.variant(), e.channel(), e.status(), null, e.late(), e.firstForMessage(), e.orderId(),
                    e.revenue(), e.currency(), e.detail(), e.at())));
        }
        return Optional.empty();
    }

    /** The records with every erased user's id taken out (and their customer events dropped). */
    public static List<OutboxRecord> withoutUsers(List<OutboxRecord> records, Collection<String> erased) {
        if (erased.isEmpty()) {
            return records;
        }
        return records.stream()
                .flatMap(r -> r.userId() != null && erased.contains(r.userId()) ? r.withoutUser().stream() : Stream.of(r))
                .toList();
    }

    /** The outbox entry. */
    public String toJson() {
        return ContractJson.writeString(new Entry(topic, key, ContractJson.writeString(value)));
    }

    /**
     * Reads an outbox entry.
     *
     * @throws IllegalArgumentException when it is not one (unknown topic, unreadable JSON)
     */
    public static OutboxRecord fromJson(String json) {
        try {
            Entry entry = ContractJson.read(json, Entry.class);
            return new OutboxRecord(entry.topic(), entry.key(), ContractJson.read(entry.value(), Topics.valueType(entry.topic())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an outbox entry", e);
        }
    }

    /** The stored form: the value as the JSON text it will be published as. */
    record Entry(String topic, String key, String value) {
    }
}
