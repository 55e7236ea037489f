package io.sbme.consent;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@value #MAX_BYTES} bytes with a 413 problem: every body this
 * service accepts is a few hundred bytes, or a few tens of KB for a batch of 100 vault resolves, and
 * bounding them keeps a bad client cheap.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

    static final long MAX_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"The request body is larger than " + MAX_BYTES + " bytes.\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
