package io.sbme.decision;

/**
 * A candidate waiting in a timer or a hold, with the options it was decided under.
 *
 * @param holdId the hold it belongs to, for no-consent holds
 */
public record Deferred(Candidate candidate, Decider.Options options, String holdId) {
}
