package io.sbme.gateway.edge;

import io.sbme.gateway.ClientRequests;
import io.sbme.gateway.GatewayProblem;
import io.sbme.gateway.GatewayProperties;
import io.sbme.gateway.admin.AdminSession;
import io.sbme.gateway.admin.AdminSessions;
import io.sbme.gateway.shopper.ShopperCookie;
import io.sbme.support.identity.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides, before anything is routed, who the caller is and whether they may go on: an admin
 * session (plus CSRF token for writes) for admin and dashboard paths, the signed storefront cookie
 * for the shopper's own paths, nothing for public paths. Also bounds body size and request rates
 * (per cookie and per client address, since cookies are free), and refuses {@code /internal/**}
 * outright. The caller it settles on is left in
 * {@link #CALLER} for {@link IdentityRelay} to vouch for downstream.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AccessFilter implements WebFilter {

    static final String CALLER = AccessFilter.class.getName() + ".caller";
    static final String NO_STOREFRONT_SESSION = "no storefront session; POST /api/v1/session first";
    static final String NO_ADMIN_SESSION = "admin login required; POST /api/v1/admin/login first";

    /** The batch endpoint checks its own X-Api-Key; the gateway vouches only that the call came through it. */
    private static final Caller GATEWAY = new Caller("gateway-service", Caller.Role.SERVICE);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private static final PathPattern INTERNAL = pattern("/internal/**");
    private static final PathPattern LOGIN = pattern("/api/v1/admin/login");
    private static final List<PathPattern> ADMIN = List.of(pattern("/api/v1/admin/**"), pattern("/api/v1/dashboard/**"));
    private static final PathPattern SESSION = pattern("/api/v1/session");
    private static final PathPattern BATCH = pattern("/api/v1/events/batch");
    /** The store's server keeps its catalog current with the batch API's key, checked by the service. */
    private static final PathPattern CATALOG = pattern("/api/v1/catalog/**");
    private static final List<PathPattern> SHOPPER = List.of(pattern("/api/v1/me/**"), pattern("/api/v1/events/**"));
    private static final PathPattern ME = pattern("/api/v1/me");
    private static final PathPattern API_DOCS = pattern("/v3/api-docs/*");
    private static final PathPattern OPT_IN = pattern("/api/v1/me/consent");
    private static final PathPattern CLICK = pattern("/r/**");
    private static final PathPattern WEBHOOK = pattern("/webhooks/**");

    private final ShopperCookie shopperCookie;
    private final AdminSessions adminSessions;
    private final TokenBucket buckets;
    private final GatewayProperties properties;

    AccessFilter(ShopperCookie shopperCookie, AdminSessions adminSessions, TokenBucket buckets, GatewayProperties properties) {
        this.shopperCookie = shopperCookie;
        this.adminSessions = adminSessions;
        this.buckets = buckets;
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String rawPath = request.getURI().getRawPath();
        if (ambiguous(rawPath)) {
            // Services may normalise such paths differently from our matching; refuse rather than guess.
            return Mono.error(GatewayProblem.badRequest("The path contains dot segments, encoded separators or parameters."));
        }
        PathContainer path = request.getPath().pathWithinApplication();
        if (INTERNAL.matches(path)) {
            return Mono.error(GatewayProblem.notFound("There is nothing at " + rawPath + "."));
        }
        long limit = BATCH.matches(path) ? properties.maxBatchBodySize().toBytes() : properties.maxBodySize().toBytes();
        if (request.getHeaders().getContentLength() > limit) {
            return Mono.error(GatewayProblem.tooLarge(limit));
        }
        ServerHttpRequest boundedRequest = boundedBody(request, limit);
        // A request with a declared length is already bounded; mutating costs a new exchange per request.
        ServerWebExchange bounded = boundedRequest == request ? exchange : exchange.mutate().request(boundedRequest).build();

        if (LOGIN.matches(path)) {
            return chain.filter(bounded);
        }
        if (ADMIN.stream().anyMatch(p -> p.matches(path))) {
            return admin(bounded, chain);
        }
        Optional<String> userId = shopperCookie.userIdOf(ClientRequests.cookie(request, ShopperCookie.NAME));
        if (SESSION.matches(path) || CLICK.matches(path)) {
            return rateLimited(bounded, storefront(bounded, userId)).then(chain.filter(bounded));
        }
        if (WEBHOOK.matches(path)) {
            return rateLimited(bounded, List.of(new TokenBucket.Limit("wh:" + address(bounded),
                    properties.webhookRatePerSecond(), properties.webhookBurst()))).then(chain.filter(bounded));
        }
        if (BATCH.matches(path) || CATALOG.matches(path)) {
            bounded.getAttributes().put(CALLER, GATEWAY);
            return rateLimited(bounded, List.of(new TokenBucket.Limit("ip:" + address(bounded),
                    properties.storefrontRatePerSecond(), properties.storefrontBurst()))).then(chain.filter(bounded));
        }
        if (SHOPPER.stream().anyMatch(p -> p.matches(path))) {
            List<TokenBucket.Limit> limits = storefront(bounded, userId);
            if (OPT_IN.matches(path) && request.getMethod() == HttpMethod.POST) {
                limits = new ArrayList<>(limits);
                limits.add(new TokenBucket.Limit("optin:" + address(bounded),
                        properties.optInsPerAddressPerHour() / 3600.0, properties.optInsPerAddressPerHour()));
            }
            return rateLimited(bounded, limits).then(Mono.defer(() -> {
                if (userId.isEmpty()) {
                    return Mono.error(GatewayProblem.unauthorized(NO_STOREFRONT_SESSION));
                }
                bounded.getAttributes().put(CALLER, new Caller(userId.get(), Caller.Role.SHOPPER));
                if (ME.matches(path) && request.getMethod() == HttpMethod.DELETE) {
                    clearCookieOnSuccess(bounded);
                }
                return chain.filter(bounded);
            }));
        }
        if (API_DOCS.matches(path)) {
            bounded.getAttributes().put(CALLER, GATEWAY);
        }
        return chain.filter(bounded);
    }

    private Mono<Void> admin(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        return RequestLoops.backOnLoop(adminSessions.find(ClientRequests.cookie(request, AdminSessions.COOKIE)), request)
                .switchIfEmpty(Mono.error(() -> GatewayProblem.unauthorized(NO_ADMIN_SESSION)))
                .flatMap(session -> {
                    if (!SAFE.contains(request.getMethod()) && !csrfTokenMatches(request, session)) {
                        return Mono.error(GatewayProblem.forbidden("Missing or wrong CSRF token: send the value of the "
                                + AdminSessions.CSRF_COOKIE + " cookie in the " + AdminSessions.CSRF_HEADER + " header."));
                    }
                    exchange.getAttributes().put(AdminSessions.ATTRIBUTE, session);
                    exchange.getAttributes().put(CALLER, new Caller(session.username(), Caller.Role.ADMIN));
                    return chain.filter(exchange);
                });
    }

    /** Header, cookie and the session's own token must all agree (double submit, checked against the server's copy). */
    private static boolean csrfTokenMatches(ServerHttpRequest request, AdminSession session) {
        String header = request.getHeaders().getFirst(AdminSessions.CSRF_HEADER);
        String cookie = ClientRequests.cookie(request, AdminSessions.CSRF_COOKIE);
        if (header == null || cookie == null) {
            return false;
        }
        byte[] expected = session.csrfToken().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected)
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), expected);
    }

    /** A shopper's own bucket (or the address's, without a cookie) and the address's shared one. */
    private List<TokenBucket.Limit> storefront(ServerWebExchange exchange, Optional<String> userId) {
        String address = address(exchange);
        return List.of(new TokenBucket.Limit(userId.map(id -> "u:" + id).orElse("ip:" + address),
                        properties.storefrontRatePerSecond(), properties.storefrontBurst()),
                new TokenBucket.Limit("a:" + address, properties.addressRatePerSecond(), properties.addressBurst()));
    }

    private String address(ServerWebExchange exchange) {
        return ClientRequests.address(exchange.getRequest(), properties.trustForwardedFor());
    }

    private Mono<Void> rateLimited(ServerWebExchange exchange, List<TokenBucket.Limit> limits) {
        return RequestLoops.backOnLoop(buckets.take(limits), exchange.getRequest())
                .flatMap(waitMillis -> waitMillis == 0 ? Mono.<Void>empty()
                        : Mono.error(GatewayProblem.tooManyRequests("Too many requests; slow down.", (waitMillis + 999) / 1000)));
    }

    /** After the user deleted their data the browser must forget the id, but only if the deletion was accepted. */
    private static void clearCookieOnSuccess(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        boolean secure = ClientRequests.isHttps(exchange.getRequest());
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            if (status != null && status.is2xxSuccessful()) {
                response.addCookie(ShopperCookie.cleared(secure));
            }
            return Mono.empty();
        });
    }

    /** Bodies sent without a length (chunked) are counted as they stream and cut off at the limit. */
    private static ServerHttpRequest boundedBody(ServerHttpRequest request, long limit) {
        if (request.getHeaders().getContentLength() >= 0) {
            return request;
        }
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        throw GatewayProblem.tooLarge(limit);
                    }
                    return buffer;
                });
            }
        };
    }

    private static boolean ambiguous(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        return lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains("\\") || lower.contains(";") || lower.contains("//")
                || lower.contains("/./") || lower.contains("/../") || lower.endsWith("/.") || lower.endsWith("/..");
    }

    private static PathPattern pattern(String text) {
        return PathPatternParser.defaultInstance.parse(text);
    }
}
