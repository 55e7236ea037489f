package io.sbme.gateway.admin;

import io.sbme.gateway.ClientRequests;
import io.sbme.gateway.GatewayProblem;
import io.sbme.gateway.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Admin login, logout and "who am I" for the admin page. The edge has already checked the
 * session (and the CSRF token of a write) for every path here except login.
 */
@RestController
class AdminController {

    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    /** A cookie without Max-Age lives until the browser closes; Redis expires the session itself. */
    private static final Duration BROWSER_SESSION = Duration.ofSeconds(-1);
    private static final int MAX_NAME = 128;
    private static final int MAX_PASSWORD = 256;

    private final AdminAccounts accounts;
    private final AdminSessions sessions;
    private final LoginThrottle throttle;
    private final boolean trustForwardedFor;

    AdminController(AdminAccounts accounts, AdminSessions sessions, LoginThrottle throttle, GatewayProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.trustForwardedFor = properties.trustForwardedFor();
    }

    /** The admin page's login form posts here as JSON. */
    record Login(String username, String password) {
    }

    @PostMapping(path = "/api/v1/admin/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, String>>> login(@RequestBody Login login, ServerWebExchange exchange) {
        return authenticate(login.username(), login.password(), exchange)
                .map(session -> withSessionCookies(ResponseEntity.ok(), session, exchange)
                        .body(Map.of("username", session.username())));
    }

    /**
     * The same login for a plain HTML form (API.md's "form login page"): answers with a redirect to
     * the admin page, carrying {@code ?error=} when the login failed, instead of JSON.
     */
    @PostMapping(path = "/api/v1/admin/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Void>> formLogin(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap(form -> authenticate(form.getFirst("username"), form.getFirst("password"), exchange))
                .map(session -> withSessionCookies(ResponseEntity.status(HttpStatus.SEE_OTHER), session, exchange)
                        .location(URI.create("/admin/")).<Void>build())
                .onErrorResume(GatewayProblem.class, problem -> Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER)
                        .location(URI.create(problem.status() == 429 ? "/admin/?error=throttled" : "/admin/?error=login"))
                        .build()));
    }

    private Mono<AdminSession> authenticate(String username, String password, ServerWebExchange exchange) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return Mono.error(GatewayProblem.badRequest("username and password are required"));
        }
        if (username.length() > MAX_NAME || password.length() > MAX_PASSWORD) {
            return Mono.error(GatewayProblem.badRequest(
                    "username (max " + MAX_NAME + ") or password (max " + MAX_PASSWORD + " characters) is too long"));
        }
        ServerHttpRequest request = exchange.getRequest();
        String previous = ClientRequests.cookie(request, AdminSessions.COOKIE);
        String address = ClientRequests.address(request, trustForwardedFor);
        return throttle.attempt(address, username)
                .then(accounts.matches(username, password))
                .flatMap(ok -> {
                    if (!ok) {
                        log.info("admin login refused for user name of {} characters from {}", username.length(),
                                address);
                        return Mono.error(GatewayProblem.unauthorized("Wrong username or password."));
                    }
                    log.info("admin {} logged in", username);
                    return throttle.succeeded(address, username).thenReturn(username);
                })
                // A new id at every login: a session id planted before login is worth nothing after it.
                .flatMap(name -> sessions.delete(previous).then(sessions.create(name)));
    }

    private static ResponseEntity.BodyBuilder withSessionCookies(ResponseEntity.BodyBuilder response, AdminSession session,
                                                                 ServerWebExchange exchange) {
        boolean secure = ClientRequests.isHttps(exchange.getRequest());
        return response.cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, AdminSessions.sessionCookie(session.id(), secure, BROWSER_SESSION).toString())
                .header(HttpHeaders.SET_COOKIE, AdminSessions.csrfCookie(session.csrfToken(), secure, BROWSER_SESSION).toString());
    }

    @PostMapping("/api/v1/admin/logout")
    Mono<ResponseEntity<Void>> logout(ServerWebExchange exchange) {
        AdminSession session = exchange.getRequiredAttribute(AdminSessions.ATTRIBUTE);
        boolean secure = ClientRequests.isHttps(exchange.getRequest());
        return sessions.delete(session.id()).thenReturn(ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, AdminSessions.sessionCookie("", secure, Duration.ZERO).toString())
                .header(HttpHeaders.SET_COOKIE, AdminSessions.csrfCookie("", secure, Duration.ZERO).toString())
                .build());
    }

    /** Also hands the CSRF cookie out again, in case the page lost it while the session lives on. */
    @GetMapping("/api/v1/admin/me")
    ResponseEntity<Map<String, String>> me(ServerWebExchange exchange) {
        AdminSession session = exchange.getRequiredAttribute(AdminSessions.ATTRIBUTE);
        boolean secure = ClientRequests.isHttps(exchange.getRequest());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, AdminSessions.csrfCookie(session.csrfToken(), secure, BROWSER_SESSION).toString())
                .body(Map.of("username", session.username()));
    }
}
