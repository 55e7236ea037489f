package io.sbme.consent.privacy;

import io.sbme.consent.Callers;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Deleting one's own data, and the admin's view of erase requests and their confirmations. */
@RestController
class PrivacyController {

    private static final Pattern REQUEST_ID = Pattern.compile("pr-[0-9a-f-]{36}");
    private static final int MAX_LIST = 200;

    private final Deletions deletions;
    private final PrivacyLedger ledger;

    PrivacyController(Deletions deletions, PrivacyLedger ledger) {
        this.deletions = deletions;
        this.ledger = ledger;
    }

    /** Also expires the identity cookie, in case the gateway passes this response's cookies on. */
    @DeleteMapping("/api/v1/me")
    ResponseEntity<Map<String, String>> deleteMe(Caller caller) {
        String userId = Callers.shopper(caller);
        String requestId = deletions.delete(userId, Deletions.SELF);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.SET_COOKIE, "sbme_uid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
                .body(Map.of("requestId", requestId));
    }

    @GetMapping("/api/v1/admin/privacy-requests/{requestId}")
    PrivacyRequestView request(Caller caller, @PathVariable String requestId) {
        Callers.admin(caller);
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw ApiProblem.badRequest("requestId must look like pr-<uuid>.");
        }
        return ledger.find(requestId).orElseThrow(() -> ApiProblem.notFound("No such privacy request."));
    }

    /** The most recent erase requests, newest first (at most {@value #MAX_LIST}). */
    @GetMapping("/api/v1/admin/privacy-requests")
    Map<String, List<PrivacyRequestView>> recent(Caller caller, @RequestParam(defaultValue = "50") int limit) {
        Callers.admin(caller);
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_LIST + ".");
        }
        return Map.of("requests", ledger.recent(limit));
    }
}
