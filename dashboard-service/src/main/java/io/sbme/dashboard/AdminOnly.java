package io.sbme.dashboard;

import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;

/** The one rule of every dashboard endpoint: only an admin, vouched for by the gateway, may read it. */
public final class AdminOnly {

    private AdminOnly() {
    }

    public static void require(Caller caller) {
        if (caller == null || !caller.isAdmin()) {
            throw ApiProblem.forbidden("Only an admin may read the dashboard.");
        }
    }

    /** A bounded {@code limit} parameter: 1..max, the default when absent. */
    public static int limit(Integer limit, int defaultLimit, int max) {
        if (limit == null) {
            return Math.min(defaultLimit, max);
        }
        if (limit < 1 || limit > max) {
            throw ApiProblem.badRequest("limit must be between 1 and " + max + ", got " + limit + ".");
        }
        return limit;
    }

    /** An id-like parameter: letters, digits and {@code . _ : -}, at most 100 characters. */
    public static String id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 100 || !value.matches("[A-Za-z0-9._:-]+")) {
            throw ApiProblem.badRequest(name + " must be at most 100 letters, digits or . _ : - characters.");
        }
        return value;
    }
}
