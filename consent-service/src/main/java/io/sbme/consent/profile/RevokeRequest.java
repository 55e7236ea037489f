package io.sbme.consent.profile;

import java.util.List;

/** The body of a revoke: the channels to withdraw; null or empty means all of them. */
public record RevokeRequest(List<String> channels) {
}
