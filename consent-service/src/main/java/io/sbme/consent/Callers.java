package io.sbme.consent;

import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.regex.Pattern;

/** Who may call what: the checks every controller of this service starts with. */
public final class Callers {

    /** User ids are {@code u-} + 32 hex from the gateway; this also admits other sources' ids, bounded. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Callers() {
    }

    /** The storefront user's own id; the only id a shopper can act on. */
    public static String shopper(Caller caller) {
        if (caller.role() != Caller.Role.SHOPPER) {
            throw ApiProblem.forbidden("Only a storefront user has a profile of their own.");
        }
        return userId(caller.subject(), "user id");
    }

    /** The admin's name, for the audit log. */
    public static String admin(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("This endpoint is for administrators.");
        }
        return caller.subject();
    }

    /** The calling service's name. */
    public static String service(Caller caller) {
        if (caller.role() != Caller.Role.SERVICE) {
            throw ApiProblem.forbidden("This endpoint is for SBME services only.");
        }
        return caller.subject();
    }

    /** A user id from a path or body, checked so it is safe as part of a Redis key. */
    public static String userId(String value, String field) {
        if (value == null || !USER_ID.matcher(value).matches()) {
            throw ApiProblem.badRequest(field + " must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-'.");
        }
        return value;
    }
}
