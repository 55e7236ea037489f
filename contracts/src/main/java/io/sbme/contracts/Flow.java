package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
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

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
