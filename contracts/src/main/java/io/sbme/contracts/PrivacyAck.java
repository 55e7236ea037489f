package io.sbme.contracts;

import java.time.Instant;

/** A service's confirmation that it carried out a privacy request. Holds no user id. */
public record PrivacyAck(
        int schemaVersion,
        String requestId,
        String service,
        long erasedItems,
        Instant completedAt) {

    public static final int SCHEMA_VERSION = 1;
}
