package io.sbme.decision.confirmation;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.Flow;
import io.sbme.decision.Candidate;

/**
 * The double opt-in rule: a number entered on the storefront gets one confirmation message ("Reply
 * YES to get updates") on the channel its consent waits on, each time the storefront asks for one
 * (consent-service bounds how often). A service message, not marketing: no holdout, caps or quiet
 * hours; and the only message a pending number may get. Pure.
 */
public final class ConfirmationFlow {

    /** The change on {@code consent-state} that asks for a confirmation message. */
    public static final String REQUESTED = "confirmation_requested";

    private ConfirmationFlow() {
    }

    /** Whether this consent state asks for a confirmation message. */
    public static boolean requested(ConsentState state) {
        return state.status() == ConsentStatus.PENDING && REQUESTED.equals(state.change())
                && state.confirmationChannel() != null;
    }

    /** The candidate for one request; its {@code ref} is the consent version, so a replay is the same message. */
    public static Candidate candidate(ConsentState state) {
        String ref = "consent-v" + state.version();
        return new Candidate(Flow.OPT_IN_CONFIRMATION, state.userId(), ref, ref, null, null, REQUESTED,
                "A number was entered on the storefront; its owner is asked to reply YES before anything else is sent.",
                false, "consent", "/", null);
    }
}
