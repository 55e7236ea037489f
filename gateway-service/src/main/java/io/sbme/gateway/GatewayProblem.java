package io.sbme.gateway;

import io.sbme.support.web.ApiProblem;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * A refusal by the gateway itself, rendered as RFC 9457 problem details by the edge's error
 * handler; may carry response headers such as {@code Retry-After}.
 */
public final class GatewayProblem extends ApiProblem {

    private final transient HttpHeaders headers;

    private GatewayProblem(int status, String title, String detail, HttpHeaders headers) {
        super(status, title, detail, Map.of());
        this.headers = headers;
    }

    public static GatewayProblem of(int status, String title, String detail) {
        return new GatewayProblem(status, title, detail, new HttpHeaders());
    }

    public static GatewayProblem unauthorized(String detail) {
        return of(401, "Unauthorized", detail);
    }

    public static GatewayProblem forbidden(String detail) {
        return of(403, "Forbidden", detail);
    }

    public static GatewayProblem notFound(String detail) {
        return of(404, "Not Found", detail);
    }

    public static GatewayProblem badRequest(String detail) {
        return of(400, "Bad Request", detail);
    }

    public static GatewayProblem tooLarge(long maxBytes) {
        return of(413, "Content Too Large", "The request body is larger than " + maxBytes + " bytes.");
    }

    public static GatewayProblem tooManyRequests(String detail, long retryAfterSeconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds)));
        return new GatewayProblem(429, "Too Many Requests", detail, headers);
    }

    public HttpHeaders headers() {
        return headers;
    }
}
