package io.sbme.tracking.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.Channel;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboxRecordTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");

    @Test
    void anEntryReadsBackAsTheSameRecordWithItsId() {
        OutboxRecord record = OutboxRecord.tracking(converted("u-1"));

        OutboxRecord read = OutboxRecord.fromJson(record.toJson());

        assertThat(read).isEqualTo(record);
        assertThat(read.key()).isEqualTo("u-1");
        assertThat(read.topic()).isEqualTo(Topics.TRACKING_EVENTS);
    }

    @Test
    void aTrackingFactWithoutItsUserKeepsItsIdAndCountsAndIsKeyedByItsMessage() {
        OutboxRecord record = OutboxRecord.tracking(converted("u-1"));

        OutboxRecord anonymous = record.withoutUser().orElseThrow();

        TrackingEvent event = (TrackingEvent) anonymous.value();
        assertThat(event.userId()).isNull();
        assertThat(event.providerMessageId()).isNull();
        assertThat(event.trackingId()).isEqualTo("t-1");
        assertThat(event.firstForMessage()).isTrue();
        assertThat(event.revenue()).isEqualByComparingTo("12.50");
        assertThat(anonymous.key()).isEqualTo("m-1");
        assertThat(anonymous.toJson()).doesNotContain("u-1").doesNotContain("wamid.1");
    }

    @Test
    void aCustomerEventOfAnErasedUserGoesNowhere() {
        OutboxRecord clicked = OutboxRecord.customer(new CustomerEvent(CustomerEvent.SCHEMA_VERSION, "e-1", "u-1",
                EventType.MESSAGE_CLICKED, AT, AT, "tracking", null, null, null, null, Channel.SMS, "m-1", null));

        assertThat(clicked.withoutUser()).isEmpty();
    }

    @Test
    void onlyTheErasedUsersRecordsChange() {
        OutboxRecord erased = OutboxRecord.tracking(converted("u-1"));
        OutboxRecord other = OutboxRecord.tracking(converted("u-2"));

        List<OutboxRecord> records = OutboxRecord.withoutUsers(List.of(erased, other), Set.of("u-1"));

        assertThat(records).extracting(OutboxRecord::userId).containsExactly(null, "u-2");
    }

    @Test
    void anEntryThatIsNotARecordIsRefused() {
        assertThatThrownBy(() -> OutboxRecord.fromJson("{\"topic\":\"nope\",\"key\":\"k\",\"value\":\"{}\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxRecord.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    private static TrackingEvent converted(String userId) {
        return new TrackingEvent(TrackingEvent.SCHEMA_VERSION, "t-1", "m-1", userId, Flow.ABANDONED_CART, "B",
                Channel.WHATSAPP, TrackingStatus.CONVERTED, "wamid.1", false, true, "o-1", new BigDecimal("12.50"), "INR",
                "utm", AT);
    }
}
