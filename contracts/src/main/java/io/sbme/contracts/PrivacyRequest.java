package io.sbme.contracts;

import java.time.Instant;

/** A request that every service erase what it holds about one user. */
public record PrivacyRequest(
        int schemaVersion,
        String requestId,
        String userId,
        String kind,
        String requestedBy,
        Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String ERASE = "erase";
}
