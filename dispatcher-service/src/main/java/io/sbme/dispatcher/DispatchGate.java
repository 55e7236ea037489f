package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;

/**
 * Whether a channel may carry a message at send time, from what the dispatcher knows then: the
 * channel's pause and the user's latest consent. Pure: the same inputs give the same answer.
 */
final class DispatchGate {

    private DispatchGate() {
    }

    /**
     * The reason the channel is closed to this message, or null when it is open.
     *
     * @param consent the user's latest consent state; null when none is known yet (a fresh opt-in
     *                racing the message), in which case the vault decides
     * @param confirmation whether the message is the double opt-in confirmation
     */
    static String closedBecause(Channel channel, boolean paused, ConsentState consent, boolean confirmation) {
        if (paused) {
            return channel.wireName() + "_paused";
        }
        if (consent == null) {
            return null;
        }
        if (confirmation) {
            return consent.awaitsConfirmationOn(channel) ? null : "not_pending";
        }
        if (consent.status() == ConsentStatus.PENDING) {
            return "awaiting_confirmation";
        }
        if (!consent.allows(channel)) {
            return "no_" + channel.wireName() + "_consent";
        }
        return null;
    }
}
