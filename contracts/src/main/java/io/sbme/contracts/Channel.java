package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/** A messaging channel. Instagram is preview-only: it is rendered, never sent. */
public enum Channel {
    @JsonProperty("whatsapp") WHATSAPP,
    @JsonProperty("sms") SMS,
    @JsonProperty("instagram") INSTAGRAM,
    /** A channel added by a newer producer; consumers skip it. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The wire name, e.g. {@code whatsapp}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; empty for anything else. */
    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values())
                .filter(c -> c != UNKNOWN && c.wireName().equalsIgnoreCase(name == null ? "" : name.trim()))
                .findFirst();
    }
}
