package io.sbme.dashboard.stream;

import io.sbme.dashboard.AdminOnly;
import io.sbme.support.identity.Caller;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/dashboard/stream}: {@code metrics} and {@code timeline} events over SSE. */
@RestController
class StreamController {

    private final DashboardStream stream;

    StreamController(DashboardStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId)
            throws IOException {
        AdminOnly.require(caller);
        Long resumeFrom = null;
        if (lastEventId != null && lastEventId.strip().matches("\\d{1,18}")) {
            resumeFrom = Long.parseLong(lastEventId.strip());
        }
        return stream.open(resumeFrom);
    }
}
