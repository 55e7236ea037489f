package io.sbme.support.web;

import java.util.Map;

/**
 * A refusal with an HTTP status and a sentence for the caller; rendered as RFC 9457 problem
 * details by {@link ProblemAdvice}.
 *
 * @param properties extra members of the problem document, e.g. a machine-readable {@code reason}
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, Object> properties;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ApiProblem(int status, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }

    /** A 409 whose {@code reason} member says why, e.g. {@code no_consent}. */
    public static ApiProblem conflict(String reason, String detail) {
        return new ApiProblem(409, "Conflict", detail, Map.of("reason", reason));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
