package io.sbme.consent.profile;

import io.sbme.contracts.Channel;
import io.sbme.support.web.ApiProblem;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads the channels a request names; only WhatsApp and SMS take consent. */
public final class Channels {

    /** The channels that can be consented to (Instagram is preview-only). */
    public static final Set<Channel> CONSENTABLE = Set.copyOf(EnumSet.of(Channel.WHATSAPP, Channel.SMS));

    private static final int MAX_ENTRIES = 8;

    private Channels() {
    }

    /** Parses a list of wire names; null or empty gives an empty set. */
    public static Set<Channel> parse(List<String> names, String field) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        if (names.size() > MAX_ENTRIES) {
            throw ApiProblem.badRequest(field + " may list at most " + MAX_ENTRIES + " entries.");
        }
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String name : names) {
            channels.add(one(name, field));
        }
        return Set.copyOf(channels);
    }

    /** Parses one wire name. */
    public static Channel one(String name, String field) {
        return Channel.fromWire(name).filter(CONSENTABLE::contains).orElseThrow(() -> ApiProblem.badRequest(
                field + " must be 'whatsapp' or 'sms'."));
    }
}
