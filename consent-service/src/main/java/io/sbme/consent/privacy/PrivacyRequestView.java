package io.sbme.consent.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An erase request as the admin sees it: which services confirmed, and when. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record PrivacyRequestView(String requestId, String requestedAt, String requestedBy, List<ServiceAck> services,
                          boolean complete) {

    /** One service's confirmation; {@code at} is null until it confirmed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ServiceAck(String service, boolean confirmed, String at) {
    }
}
