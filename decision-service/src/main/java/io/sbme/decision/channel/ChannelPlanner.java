package io.sbme.decision.channel;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks the channels to try, in order: the preferred channel when it is consented, then WhatsApp,
 * then SMS. Unconsented channels are left out. A paused channel stays in the plan: pausing is an
 * operational state the dispatcher applies at send time, where it falls back to the next channel
 * and records the fallback with its cause ({@code whatsapp_paused}); the plan's note says so.
 */
public final class ChannelPlanner {

    private static final List<Channel> DEFAULT_ORDER = List.of(Channel.WHATSAPP, Channel.SMS);

    private ChannelPlanner() {
    }

    /** The channels in order, and a note for the explanation (empty when nothing was left out). */
    public record Plan(List<Channel> channels, String note, boolean allPaused) {
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
        List<Channel> active = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Channel channel : order) {
            if (consent != null && consent.allows(channel)) {
                plan.add(channel);
                if (paused.contains(channel)) {
                    notes.add(label(channel) + " paused");
                } else {
                    active.add(channel);
                }
            }
        }
        String note = String.join(", ", notes);
        if (!notes.isEmpty() && !active.isEmpty()) {
            note = note + " → " + String.join(", then ", active.stream().map(ChannelPlanner::label).toList());
        }
        return new Plan(List.copyOf(plan), note, !plan.isEmpty() && active.isEmpty());
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
