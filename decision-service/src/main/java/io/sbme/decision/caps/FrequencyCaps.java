package io.sbme.decision.caps;

import io.sbme.decision.DecisionProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rolling-window frequency caps ("smart sending"): at most N messages of a flow per cart, and at
 * most M marketing messages per user, within their windows. Pure: the store supplies the history.
 */
public final class FrequencyCaps {

    private FrequencyCaps() {
    }

    /**
     * The sends already made to the user.
     *
     * @param marketing when each marketing message went
     * @param sameRef when each message of this flow about this cart (or product) went
     */
    public record History(List<Instant> marketing, List<Instant> sameRef) {
        public static final History NONE = new History(List.of(), List.of());
    }

    /** Why the send is capped, or empty when it may go. */
    public static Optional<String> check(History history, DecisionProperties.Caps caps, Instant now) {
        long sameRef = history.sameRef().stream().filter(t -> t.isAfter(now.minus(caps.perCartWindow()))).count();
        if (sameRef >= caps.perCart()) {
            return Optional.of("already sent " + sameRef + " message(s) of this flow for this cart within "
                    + human(caps.perCartWindow()));
        }
        long marketing = history.marketing().stream().filter(t -> t.isAfter(now.minus(caps.marketingWindow()))).count();
        if (marketing >= caps.marketing()) {
            return Optional.of(marketing + " marketing messages within " + human(caps.marketingWindow())
                    + " (cap " + caps.marketing() + ")");
        }
        return Optional.empty();
    }

    static String human(java.time.Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + " days";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + " h";
        }
        return d.toSeconds() + " s";
    }
}
