package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Locale;

/** An automated messaging flow. */
public enum Flow {
    @JsonProperty("abandoned_cart") ABANDONED_CART,
    @JsonProperty("price_drop") PRICE_DROP,
    @JsonProperty("checkout_rescue") CHECKOUT_RESCUE,
    @JsonProperty("browse_abandonment") BROWSE_ABANDONMENT,
    @JsonProperty("support_reply") SUPPORT_REPLY,
    /** A message an admin sent by hand. */
    @JsonProperty("manual") MANUAL,
    /** The one message a pending number gets: "Reply YES to get updates". */
    @JsonProperty("opt_in_confirmation") OPT_IN_CONFIRMATION,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /**
     * How long after it was composed a message of this flow is still worth sending. A message that
     * waited longer (a long outage) expires unsent: a cart reminder a day late, or a checkout rescue
     * hours after the shopper left, would only annoy.
     */
    public Duration validity() {
        return switch (this) {
            case CHECKOUT_RESCUE -> Duration.ofHours(2);
            // The shopper waits for it on the site; an hour later they have left and a stray
            // "Reply YES" would only puzzle them, and a new opt-in asks again.
            case OPT_IN_CONFIRMATION -> Duration.ofHours(1);
            case ABANDONED_CART, BROWSE_ABANDONMENT, SUPPORT_REPLY -> Duration.ofHours(24);
            case PRICE_DROP -> Duration.ofHours(48);
            case MANUAL, UNKNOWN -> Duration.ofHours(72);
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
