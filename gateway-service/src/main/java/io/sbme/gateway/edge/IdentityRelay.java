package io.sbme.gateway.edge;

import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * On every routed request: drops whatever identity header the client sent, and the browser's
 * cookies (services identify callers by our token only, and have no business seeing session
 * ids), then attaches a fresh {@link GatewayToken} for the caller the {@link AccessFilter} settled
 * on, if any. Minted here, at forwarding time, so the 60-second token is as fresh as it can be.
 */
@Component
class IdentityRelay implements GlobalFilter, Ordered {

    private final GatewayToken tokens;

    IdentityRelay(GatewayToken tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = exchange.getAttribute(AccessFilter.CALLER);
        ServerWebExchange relayed = exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(GatewayToken.HEADER);
            headers.remove(HttpHeaders.COOKIE);
            if (caller != null) {
                headers.set(GatewayToken.HEADER, tokens.mint(caller));
            }
        })).build();
        return chain.filter(relayed);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
