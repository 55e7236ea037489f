package io.sbme.tracking.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.Flow;
import io.sbme.tracking.link.LastClick;
import io.sbme.tracking.messages.TrackedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final String USER = "u-1";
    private static final String MARK = "mark-of-u-1";

    @Test
    void creditsTheMessageTheOrderNamesWhenItIsTheUsers() {
        TrackedMessage message = message("msg-1", USER, Channel.SMS);

        var credit = Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.of(message), Optional.empty(), WEEK);

        assertThat(credit).contains(new Attribution.Attributed("msg-1", Channel.SMS, "utm"));
    }

    @Test
    void ignoresANamedMessageOfAnotherUserAndFallsBackToTheLastClick() {
        TrackedMessage someoneElses = message("msg-9", "u-2", Channel.WHATSAPP);
        LastClick click = new LastClick("msg-1", Channel.WHATSAPP, CLOCK.instant().minus(Duration.ofHours(1)));

        var credit = Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.of(someoneElses), Optional.of(click), WEEK);

        assertThat(credit).contains(new Attribution.Attributed("msg-1", Channel.WHATSAPP, "last_click"));
    }

    @Test
    void creditsTheNamedMessageOfAnErasedUserByTheMarkItKeptButNotAnotherErasedUsers() {
        TrackedMessage erased = message("msg-1", USER, Channel.WHATSAPP);
        erased.userId = null;
        erased.erased = true;
        erased.erasedOwner = MARK;
        TrackedMessage someoneElses = message("msg-2", null, Channel.WHATSAPP);
        someoneElses.erased = true;
        someoneElses.erasedOwner = "mark-of-u-2";

        var credit = Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.of(erased), Optional.empty(), WEEK);
        var none = Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.of(someoneElses), Optional.empty(), WEEK);

        assertThat(credit).contains(new Attribution.Attributed("msg-1", Channel.WHATSAPP, "utm"));
        assertThat(none).isEmpty();
    }

    @Test
    void creditsTheLastClickInsideTheWindow() {
        LastClick click = new LastClick("msg-1", Channel.SMS, CLOCK.instant().minus(Duration.ofDays(6)));

        assertThat(Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.empty(), Optional.of(click), WEEK)).isPresent();
    }

    @Test
    void creditsNothingForAClickOutsideTheWindow() {
        LastClick click = new LastClick("msg-1", Channel.SMS, CLOCK.instant().minus(Duration.ofDays(7)).minusSeconds(1));

        assertThat(Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.empty(), Optional.of(click), WEEK)).isEmpty();
        assertThat(Attribution.attribute(USER, MARK, CLOCK.instant(), Optional.empty(), Optional.empty(), WEEK)).isEmpty();
    }

    @Test
    void countsOnlyRecentHoldoutAssignments() {
        Map<Flow, Attribution.Arm> arms = Map.of(
                Flow.ABANDONED_CART, new Attribution.Arm("holdout", null, CLOCK.instant().minus(Duration.ofDays(1))),
                Flow.PRICE_DROP, new Attribution.Arm("A", "A", CLOCK.instant().minus(Duration.ofDays(1))),
                Flow.CHECKOUT_RESCUE, new Attribution.Arm("holdout", null, CLOCK.instant().minus(Duration.ofDays(8))));

        var holdouts = Attribution.holdoutArms(arms, CLOCK.instant(), WEEK);

        assertThat(holdouts).extracting(Map.Entry::getKey).containsExactly(Flow.ABANDONED_CART);
    }

    private static TrackedMessage message(String id, String userId, Channel sentOn) {
        TrackedMessage message = new TrackedMessage();
        message.messageId = id;
        message.userId = userId;
        message.flow = Flow.ABANDONED_CART;
        message.attempts = List.of(new TrackedMessage.AttemptRecord("r-1", sentOn, 1, DispatchOutcome.SENT, null, "p-1",
                null, CLOCK.instant()));
        message.progress = message.progress.accepted(sentOn);
        return message;
    }
}
