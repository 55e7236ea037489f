package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a customer did. Wire names are the API's snake_case names. */
public enum EventType {
    @JsonProperty("view_product") VIEW_PRODUCT("Product Viewed"),
    @JsonProperty("add_to_cart") ADD_TO_CART("Product Added"),
    @JsonProperty("remove_from_cart") REMOVE_FROM_CART("Product Removed"),
    @JsonProperty("checkout_started") CHECKOUT_STARTED("Checkout Started"),
    @JsonProperty("order_completed") ORDER_COMPLETED("Order Completed"),
    @JsonProperty("price_drop") PRICE_DROP("Price Dropped"),
    @JsonProperty("support_message") SUPPORT_MESSAGE("Support Message"),
    /** A tracking link was followed; produced by tracking-service. */
    @JsonProperty("message_clicked") MESSAGE_CLICKED("Message Clicked"),
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN("");

    private final String segmentName;

    EventType(String segmentName) {
        this.segmentName = segmentName;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String segmentName() {
        return segmentName;
    }

    /** Accepts the API's names ({@code add_to_cart}) and Segment's ({@code Product Added}). */
    public static Optional<EventType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        return Arrays.stream(values())
                .filter(t -> t != UNKNOWN)
                .filter(t -> t.wireName().equals(trimmed) || t.segmentName.equalsIgnoreCase(trimmed))
                .findFirst();
    }
}
