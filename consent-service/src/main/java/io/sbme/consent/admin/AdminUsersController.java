package io.sbme.consent.admin;

import io.sbme.consent.Callers;
import io.sbme.consent.phone.PhoneMask;
import io.sbme.consent.privacy.Deletions;
import io.sbme.consent.profile.Actor;
import io.sbme.consent.profile.Channels;
import io.sbme.consent.profile.Consents;
import io.sbme.consent.profile.Profile;
import io.sbme.consent.profile.RevokeRequest;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The admin's user search, consent proof, revoke and delete. Every action is audited under the admin's name. */
@RestController
@RequestMapping("/api/v1/admin/users")
class AdminUsersController {

    /** The search looks at this many most recently changed profiles at most. */
    static final int SEARCH_WINDOW = 2000;
    private static final int MAX_PAGE = 100;
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9._:-]{0,64}");
    private static final Pattern LAST_DIGITS = Pattern.compile("[0-9]{1,4}");
    /** A masked number as the admin panel shows it, or a part of it: {@code +91 ••••••9721}. */
    private static final Pattern MASKED = Pattern.compile("\\+?[0-9 •]{1,24}");

    private final Consents consents;
    private final Deletions deletions;

    AdminUsersController(Consents consents, Deletions deletions) {
        this.consents = consents;
        this.deletions = deletions;
    }

    /**
     * Users whose id starts with the query, whose masked number ends with it (1 to 4 digits) or
     * contains it (a masked number or part of one, e.g. {@code +91 ••••••9721}); newest first, at
     * most {@code limit} (≤ {@value #MAX_PAGE}) of the {@value #SEARCH_WINDOW} most recently
     * changed profiles. A deleted user's exact id finds its erase request.
     */
    @GetMapping
    Map<String, Object> search(Caller caller, @RequestParam(defaultValue = "") String query,
                               @RequestParam(defaultValue = "20") int limit) {
        Callers.admin(caller);
        String q = query.trim();
        boolean maskedQuery = !QUERY.matcher(q).matches() && MASKED.matcher(q).matches();
        if (!QUERY.matcher(q).matches() && !maskedQuery) {
            throw ApiProblem.badRequest("query must be a user id prefix (up to 64 letters, digits, '.', '_', ':' or '-') "
                    + "or a masked number such as +91 ••••••9721.");
        }
        String compact = q.replace(" ", "");
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_PAGE + ".");
        }
        boolean digits = LAST_DIGITS.matcher(q).matches();
        List<AdminUserView> users = new ArrayList<>();
        boolean truncated = false;
        for (Profile profile : consents.recent(SEARCH_WINDOW)) {
            String masked = profile.maskedPhone() == null ? "" : profile.maskedPhone().replace(" ", "");
            boolean matches = maskedQuery ? masked.contains(compact)
                    : q.isEmpty() || profile.userId().startsWith(q)
                    || digits && PhoneMask.lastDigits(profile.maskedPhone()).endsWith(q);
            if (matches) {
                if (users.size() == limit) {
                    truncated = true;
                    break;
                }
                users.add(AdminUserView.of(profile).summary());
            }
        }
        if (!q.isEmpty() && !maskedQuery && users.stream().noneMatch(u -> u.userId().equals(q))) {
            deletions.deletedBy(q).ifPresent(requestId -> users.addFirst(AdminUserView.deleted(q, requestId)));
        }
        return Map.of("users", users, "truncated", truncated);
    }

    @GetMapping("/{userId}")
    AdminUserView user(Caller caller, @PathVariable String userId) {
        Callers.admin(caller);
        Callers.userId(userId, "userId");
        return consents.find(userId).map(AdminUserView::of)
                .or(() -> deletions.deletedBy(userId).map(requestId -> AdminUserView.deleted(userId, requestId)))
                .orElseThrow(() -> ApiProblem.notFound("No such user."));
    }

    /** Withdraws consent for the channels named in the body, or all of them. */
    @PostMapping("/{userId}/revoke")
    AdminUserView revoke(Caller caller, @PathVariable String userId,
                         @RequestBody(required = false) RevokeRequest request) {
        String admin = Callers.admin(caller);
        Callers.userId(userId, "userId");
        var channels = Channels.parse(request == null ? null : request.channels(), "channels");
        return consents.revoke(userId, channels, Actor.admin(admin))
                .map(r -> AdminUserView.of(r.profile()))
                .orElseThrow(() -> ApiProblem.notFound("This user has no consent to revoke."));
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> delete(Caller caller, @PathVariable String userId) {
        String admin = Callers.admin(caller);
        Callers.userId(userId, "userId");
        return Map.of("requestId", deletions.delete(userId, admin));
    }
}
