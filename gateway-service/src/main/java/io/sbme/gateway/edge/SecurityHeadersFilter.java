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
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.set("X-Frame-Options", "DENY");
            if (https) {
                // Only over TLS: on plain http (local runs) the header is meaningless and browsers ignore it.
                headers.set("Strict-Transport-Security", "max-age=31536000");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
