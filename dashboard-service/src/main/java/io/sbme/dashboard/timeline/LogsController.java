package io.sbme.dashboard.timeline;

import io.sbme.dashboard.AdminOnly;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The filterable timeline (delivery and audit log entries) and a message's journey. */
@RestController
class LogsController {

    private final Timeline timeline;
    private final Journeys journeys;

    LogsController(Timeline timeline, Journeys journeys) {
        this.timeline = timeline;
        this.journeys = journeys;
    }

    /**
     * The newest entries, newest first, optionally of one type, user or message. {@code limit} is
     * 1..500 (default 100); {@code type} is one of {@link TimelineEntries#TYPES}.
     */
    @GetMapping("/api/v1/admin/logs")
    List<TimelineEntry> logs(Caller caller, @RequestParam(required = false) String type,
                             @RequestParam(required = false) String userId,
                             @RequestParam(required = false) String messageId,
                             @RequestParam(required = false) Integer limit) {
        AdminOnly.require(caller);
        int bounded = AdminOnly.limit(limit, 100, 500);
        String wantedType = type == null || type.isBlank() ? null : type.strip();
        if (wantedType != null && !TimelineEntries.TYPES.contains(wantedType)) {
            throw ApiProblem.badRequest("type must be one of " + TimelineEntries.TYPES.stream().sorted().toList() + ".");
        }
        String wantedUser = AdminOnly.id("userId", userId);
        String wantedMessage = AdminOnly.id("messageId", messageId);
        Predicate<TimelineEntry> filter = e -> (wantedType == null || wantedType.equals(e.type()))
                && (wantedUser == null || wantedUser.equals(e.userId()))
                && (wantedMessage == null || wantedMessage.equals(e.messageId()));
        return timeline.latest(bounded, filter);
    }

    @GetMapping("/api/v1/admin/messages/{messageId}")
    Journeys.Journey journey(Caller caller, @PathVariable String messageId) {
        AdminOnly.require(caller);
        String id = AdminOnly.id("messageId", messageId);
        if (id == null) {
            throw ApiProblem.badRequest("messageId is required.");
        }
        return journeys.of(id).orElseThrow(() -> ApiProblem.notFound("No journey is known for message " + id + "."));
    }
}
