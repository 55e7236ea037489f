package io.sbme.decision.channel;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks the channels to try, in order: the preferred channel when it is consented and active,
 * then WhatsApp, then SMS. Paused and unconsented channels are left out, and the plan says why.
 */
public final class ChannelPlanner {

    private static final List<Channel> DEFAULT_ORDER = List.of(Channel.WHATSAPP, Channel.SMS);

    private ChannelPlanner() {
    }

    /** The channels in order, and a note for the explanation (empty when nothing was left out). */
    public record Plan(List<Channel> channels, String note) {
        public boolean isEmpty() {
            return channels.isEmpty();
        }
    }

    public static Plan plan(ConsentState consent, Set<Channel> paused) {
        List<Channel> order = new ArrayList<>();
        if (consent != null && consent.preferredChannel() != null && DEFAULT_ORDER.contains(consent.preferredChannel())) {
            order.add(consent.preferredChannel());
        }
        DEFAULT_ORDER.stream().filter(c -> !order.contains(c)).forEach(order::add);
        List<Channel> plan = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Channel channel : order) {
            boolean consented = consent != null && consent.allows(channel);
            if (consented && paused.contains(channel)) {
                notes.add(label(channel) + " paused");
            } else if (consented) {
                plan.add(channel);
            }
        }
        String note = String.join(", ", notes);
        if (!notes.isEmpty() && !plan.isEmpty()) {
            note = note + " → " + String.join(", then ", plan.stream().map(ChannelPlanner::label).toList());
        }
        return new Plan(List.copyOf(plan), note);
    }

    public static String label(Channel channel) {
        return switch (channel) {
            case WHATSAPP -> "WhatsApp";
            case SMS -> "SMS";
            case INSTAGRAM -> "Instagram";
            default -> channel.wireName();
        };
    }
}
