package io.sbme.sandbox.control;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the sandbox's control surface ({@code /sandbox/**}: the request log with full numbers,
 * behaviour changes, and replies signed with the app secret) whenever the sandbox listens beyond
 * loopback: then every control call needs {@code X-Sandbox-Token}, and without a configured token
 * none is allowed. On loopback only this machine can reach it, as in the local stack.
 */
@Component
class ControlAccess extends OncePerRequestFilter {

    static final String HEADER = "X-Sandbox-Token";

    private final boolean loopbackOnly;
    private final byte[] token;

    ControlAccess(@Value("${server.address:}") String address, @Value("${sandbox.control-token:}") String token) {
        this.loopbackOnly = isLoopback(address);
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return loopbackOnly || !request.getRequestURI().startsWith("/sandbox/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (token.length > 0 && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(token.length == 0 ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        String detail = token.length == 0
                ? "the sandbox's controls are off while it listens beyond loopback; set SBME_SANDBOX_CONTROL_TOKEN"
                : "the sandbox's controls need the X-Sandbox-Token header";
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\""
                + (token.length == 0 ? "Forbidden" : "Unauthorized") + "\",\"status\":" + response.getStatus()
                + ",\"detail\":\"" + detail + "\"}");
    }
}
