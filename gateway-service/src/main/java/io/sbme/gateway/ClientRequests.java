package io.sbme.gateway;

import java.net.InetSocketAddress;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Facts about the client's request that several features read: scheme, address, cookies. */
public final class ClientRequests {

    private ClientRequests() {
    }

    /**
     * Whether the browser reached us over TLS, directly or through a TLS-terminating proxy. Trusting
     * {@code X-Forwarded-Proto} here is safe: it can only make our cookies stricter.
     */
    public static boolean isHttps(ServerHttpRequest request) {
        if (request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme())) {
            return true;
        }
        String proto = request.getHeaders().getFirst("X-Forwarded-Proto");
        return proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https");
    }

    /** The client's address, the key of per-address limits. */
    public static String address(ServerHttpRequest request, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",")[0].trim();
                return first.length() > 64 ? first.substring(0, 64) : first;
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** The value of the named cookie, or null. */
    public static String cookie(ServerHttpRequest request, String name) {
        HttpCookie cookie = request.getCookies().getFirst(name);
        return cookie == null ? null : cookie.getValue();
    }
}
