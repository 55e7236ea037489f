package io.sbme.gateway.edge;

import io.sbme.gateway.GatewayProblem;
import io.sbme.support.web.ApiProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every failure inside the gateway (its own refusals, unknown paths, unreachable
 * services) with RFC 9457 problem details, so no client ever sees a whitelabel page or a stack
 * trace. Runs before Boot's default handler.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    // A restarted service is ready again within about half a minute; an earlier retry is harmless.
    private static final String RETRY_AFTER_SECONDS = "5";

    private final JsonMapper json;

    ProblemErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        String path = exchange.getRequest().getPath().value();
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        switch (failure) {
            case ApiProblem problem -> {
                status = problem.status();
                body.put("title", problem.title());
                body.put("detail", problem.getMessage());
                body.putAll(problem.properties());
                if (problem instanceof GatewayProblem gatewayProblem) {
                    response.getHeaders().putAll(gatewayProblem.headers());
                }
            }
            case ResponseStatusException statusException -> {
                status = statusException.getStatusCode().value();
                body.put("title", title(statusException.getStatusCode()));
                body.put("detail", status == 404 ? "There is nothing at " + path + "."
                        : statusException.getReason() != null ? statusException.getReason() : title(statusException.getStatusCode()));
                response.getHeaders().putAll(statusException.getHeaders());
            }
            case DataBufferLimitException tooLarge -> {
                status = 413;
                body.put("title", "Content Too Large");
                body.put("detail", "The request body is too large.");
            }
            default -> {
                if (causedBy(failure, DataAccessResourceFailureException.class)) {
                    status = 503;
                    body.put("title", "Service Unavailable");
                    body.put("detail", "The gateway's session store is not reachable; try again shortly.");
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                } else if (causedBy(failure, IOException.class)) {
                    // Refused, reset or closed mid-request: the service is restarting (a deploy, a
                    // crash the supervisor restarts) or down; a client's retry shortly after succeeds.
                    status = 503;
                    body.put("title", "Service Unavailable");
                    body.put("detail", downstream(exchange) + " is restarting or unreachable; try again shortly.");
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                } else if (causedBy(failure, TimeoutException.class) || failure.getClass().getSimpleName().contains("Timeout")) {
                    status = 504;
                    body.put("title", "Gateway Timeout");
                    body.put("detail", downstream(exchange) + " did not answer in time; try again shortly.");
                    response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
                } else {
                    String id = UUID.randomUUID().toString();
                    log.error("unexpected failure {} on {}", id, path, failure);
                    status = 500;
                    body.put("title", "Internal Server Error");
                    body.put("detail", "Something went wrong on our side (error id " + id + ").");
                }
            }
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("status", status);
        problem.putAll(body);
        problem.put("instance", path);
        byte[] bytes = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatusCode.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /**
     * The service a routed request was for, in the words a client reads ("consent service"), from
     * the route's id (routes are named after their service: consent-me, dashboard-admin …).
     */
    static String downstream(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return "The service behind " + exchange.getRequest().getPath().value();
        }
        String service = route.getId().replaceFirst("^api-docs-", "").replaceFirst("-(me|admin|public)$", "");
        return "The " + service + " service";
    }

    private static String title(HttpStatusCode code) {
        HttpStatus known = HttpStatus.resolve(code.value());
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
