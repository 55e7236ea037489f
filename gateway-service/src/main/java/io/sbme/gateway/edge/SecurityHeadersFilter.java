package io.sbme.gateway.edge;

import io.sbme.gateway.ClientRequests;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the browser security headers on every response: pages, proxied API answers (overriding
 * whatever a service sent) and the gateway's own errors. Set just before commit, so the values
 * copied from a downstream response cannot win.
 *
 * <p>API answers are never stored by a browser or a shared cache: many carry personal data (a
 * shopper's profile and messages, admin user lists and logs), and none is worth caching.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter implements WebFilter {

    /** The frontend is plain same-origin files: no inline script or style, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean https = ClientRequests.isHttps(exchange.getRequest());
        boolean api = exchange.getRequest().getPath().value().startsWith("/api/");
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.set("X-Frame-Options", "DENY");
            if (api) {
                headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            if (https) {
                // Only over TLS: on plain http (local runs) the header is meaningless and browsers ignore it.
                headers.set("Strict-Transport-Security", "max-age=31536000");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
