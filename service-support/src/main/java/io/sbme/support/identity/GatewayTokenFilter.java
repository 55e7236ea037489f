package io.sbme.support.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every request without a valid gateway token (401 problem details), except the
 * configured public paths; puts the verified {@link Caller} on the request.
 */
public class GatewayTokenFilter extends OncePerRequestFilter {

    /** The request attribute holding the verified caller. */
    public static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/health",
            "/actuator/prometheus", "/actuator/info", "/error");

    private final GatewayToken tokens;
    private final List<String> publicPaths;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public GatewayTokenFilter(GatewayToken tokens, List<String> publicPaths) {
        this.tokens = tokens;
        this.publicPaths = publicPaths;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Caller> caller = tokens.verify(request.getHeader(GatewayToken.HEADER));
        caller.ifPresent(c -> request.setAttribute(CALLER_ATTRIBUTE, c));
        if (caller.isPresent() || isPublic(path)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"This service is reached through the gateway only; the request carried no valid gateway token.\"}");
    }

    private boolean isPublic(String path) {
        return ALWAYS_PUBLIC.stream().anyMatch(p -> matcher.match(p, path))
                || publicPaths.stream().anyMatch(p -> matcher.match(p, path));
    }
}
