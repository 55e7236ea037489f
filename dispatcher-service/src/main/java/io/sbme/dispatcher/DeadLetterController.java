package io.sbme.dispatcher;

import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Lists dead letters, newest first (at most 200), and replays one (admins only). */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;
    private final ObjectProvider<AuditLog> audit;

    DeadLetterController(DeadLetters deadLetters, ObjectProvider<AuditLog> audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping("/api/v1/admin/dead-letters")
    List<DeadLetters.DeadLetter> list(Caller caller, @RequestParam(defaultValue = "50") int limit) {
        requireAdmin(caller);
        return deadLetters.list(Math.clamp(limit, 1, 200));
    }

    @PostMapping("/api/v1/admin/dead-letters/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeadLetters.DeadLetter replay(Caller caller, @PathVariable String id) {
        requireAdmin(caller);
        if (id.length() > 64) {
            throw ApiProblem.badRequest("Dead-letter ids have at most 64 characters.");
        }
        DeadLetters.DeadLetter replayed = deadLetters.replay(id, caller.subject());
        audit.ifAvailable(a -> a.record(caller.subject(), "dead_letter.replayed", replayed.messageId(), "ok",
                Map.of("deadLetterId", id, "channel", replayed.channel() == null ? "none" : replayed.channel().wireName())));
        return replayed;
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Dead letters are for admins.");
        }
    }
}
