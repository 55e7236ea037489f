package io.sbme.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.gateway.EchoBackends.Echo;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.testing.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway as a browser and the services see it: a running gateway on a random port, a real
 * Redis, and echoing stand-ins for the seven services behind it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sbme.identity.internal-secret=" + GatewayIT.SECRET,
        "sbme.gateway.admin-user=admin",
        "sbme.gateway.admin-password=" + GatewayIT.PASSWORD,
        "sbme.gateway.trust-forwarded-for=true",
        "sbme.gateway.storefront-rate-per-second=1000",
        "sbme.gateway.storefront-burst=1000",
        "sbme.gateway.address-rate-per-second=1000",
        "sbme.gateway.address-burst=1000",
        "sbme.gateway.opt-ins-per-address-per-hour=3",
        "management.server.port=0",
        "logging.structured.format.console="
})
class GatewayIT {

    static final String SECRET = "gateway-test-secret-0123456789";
    static final String PASSWORD = "correct-horse-battery-staple";

    private static final EchoBackends BACKENDS = EchoBackends.start();
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static AdminLogin sharedAdmin;
    private static final String THREAD_PROBE = "X-Test-Thread-Probe";
    private static final List<String> PROXIED_ON = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    GatewayToken tokens;

    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient http;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("SBME_EVENT_INGEST_URL", () -> BACKENDS.url("event-ingest"));
        registry.add("SBME_CONSENT_URL", () -> BACKENDS.url("consent"));
        registry.add("SBME_DECISION_URL", () -> BACKENDS.url("decision"));
        registry.add("SBME_COMPOSER_URL", () -> BACKENDS.url("composer"));
        registry.add("SBME_DISPATCHER_URL", () -> BACKENDS.url("dispatcher"));
        registry.add("SBME_TRACKING_URL", () -> BACKENDS.url("tracking"));
        registry.add("SBME_DASHBOARD_URL", () -> BACKENDS.url("dashboard"));
    }

    @BeforeEach
    void client() {
        // A connection per request: a refused upload leaves its connection unusable, and a pooled
        // client would hand it to the next test.
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build();
    }

    @AfterEach
    void releaseStreams() {
        BACKENDS.releaseStream();
    }

    // --- storefront identity ---------------------------------------------------------------

    @Test
    void mintsAnonymousUserWithSignedHttpOnlyLaxCookie() {
        var result = http.post().uri("/api/v1/session").exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { }).returnResult();

        String userId = result.getResponseBody().get("userId");
        ResponseCookie cookie = result.getResponseCookies().getFirst("sbme_uid");
        assertThat(userId).matches("u-[0-9a-f]{32}");
        assertThat(cookie).isNotNull();
        assertThat(cookie.getValue()).startsWith(userId + ".");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.isSecure()).isFalse();
    }

    @Test
    void answersTheSameUserWhenTheCookieIsValid() {
        Shopper shopper = newShopper();

        var result = http.post().uri("/api/v1/session").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { }).returnResult();

        assertThat(result.getResponseBody()).containsEntry("userId", shopper.userId());
    }

    @Test
    void marksTheCookieSecureBehindAnHttpsProxy() {
        var result = http.post().uri("/api/v1/session").header("X-Forwarded-Proto", "https").exchange()
                .expectStatus().isCreated().expectBody().returnResult();

        assertThat(result.getResponseCookies().getFirst("sbme_uid").isSecure()).isTrue();
    }

    @Test
    void refusesAMadeUpCookieAndMintsAFreshIdentityInstead() {
        String madeUp = "u-0123456789abcdef0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        int before = BACKENDS.totalRequests();

        http.get().uri("/api/v1/me").cookie("sbme_uid", madeUp).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("no storefront session; POST /api/v1/session first");
        var minted = http.post().uri("/api/v1/session").cookie("sbme_uid", madeUp).exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { }).returnResult();

        assertThat(minted.getResponseBody().get("userId")).isNotEqualTo("u-0123456789abcdef0123456789abcdef");
        assertThat(BACKENDS.totalRequests()).isEqualTo(before);
    }

    @Test
    void refusesACookieWhoseUserIdWasAltered() {
        Shopper victim = newShopper();
        Shopper attacker = newShopper();
        String signature = attacker.cookie().substring(attacker.cookie().indexOf('.'));

        http.get().uri("/api/v1/me").cookie("sbme_uid", victim.userId() + signature).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("no storefront session; POST /api/v1/session first");
    }

    @Test
    void storefrontCallWithoutCookieIsRefusedWithProblem() {
        http.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\":\"view_product\"}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void stripsClientIdentityAndRelaysATokenNamingTheCookiesUser() {
        Shopper shopper = newShopper();
        String forged = tokens.mint(new Caller("admin", Caller.Role.ADMIN));

        Echo echo = http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie())
                .header(GatewayToken.HEADER, forged).exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("consent");
        assertThat(echo.headers().get("x-sbme-identity")).hasSize(1);
        assertThat(tokens.verify(echo.header(GatewayToken.HEADER)))
                .contains(new Caller(shopper.userId(), Caller.Role.SHOPPER));
        assertThat(echo.header("cookie")).isNull();
    }

    @Test
    void passesTheBatchEndpointWithItsApiKeyAndAServiceToken() {
        Echo echo = http.post().uri("/api/v1/events/batch").header("X-Api-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"events\":[]}").exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("event-ingest");
        assertThat(echo.header("x-api-key")).isEqualTo("key-1");
        assertThat(echo.body()).isEqualTo("{\"events\":[]}");
        assertThat(tokens.verify(echo.header(GatewayToken.HEADER)))
                .contains(new Caller("gateway-service", Caller.Role.SERVICE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/r/abc123", "/webhooks/whatsapp"})
    void publicTrackingPathsCarryNoIdentity(String path) {
        String forged = tokens.mint(new Caller("admin", Caller.Role.ADMIN));

        Echo echo = http.get().uri(path).header(GatewayToken.HEADER, forged).exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("tracking");
        assertThat(echo.header(GatewayToken.HEADER)).isNull();
    }

    @Test
    void aRestartingServiceIsAnswered503WithRetryAfterAndThenServedAgain() {
        Shopper shopper = newShopper();
        BACKENDS.stop("consent");
        try {
            var refused = http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult();

            assertThat(refused.getResponseBody())
                    .containsEntry("status", 503)
                    .containsEntry("detail", "The consent service is restarting or unreachable; try again shortly.");
        } finally {
            BACKENDS.restart("consent");
        }
        http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void refusesAShopperWhoseBucketIsEmptyWithProblemAndRetryAfter() {
        Shopper shopper = newShopper();
        // An emptied bucket that refills only in the far future: the next request must wait.
        redis.opsForHash().putAll("gw:rate:u:" + shopper.userId(), Map.of("tokens", "0", "at", "9000000000000000")).block();

        http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER);
        http.get().uri("/api/v1/me").cookie("sbme_uid", newShopper().cookie()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void freshCookiesFromOneAddressShareTheAddressesBucket() {
        String address = newAddress();
        Shopper shopper = newShopper();

        for (int cookie = 0; cookie < 3; cookie++) {
            emptyBucket("a:" + address);
            http.post().uri("/api/v1/events").cookie("sbme_uid", newShopper().cookie()).header("X-Forwarded-For", address)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\":\"view_product\"}").exchange()
                    .expectStatus().isEqualTo(429).expectHeader().exists(HttpHeaders.RETRY_AFTER);
        }
        emptyBucket("a:" + address);
        http.post().uri("/api/v1/session").header("X-Forwarded-For", address).exchange().expectStatus().isEqualTo(429);
        emptyBucket("a:" + address);
        http.get().uri("/r/abc123").header("X-Forwarded-For", address).exchange().expectStatus().isEqualTo(429);
        emptyBucket("a:" + address);
        http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).header("X-Forwarded-For", newAddress())
                .exchange().expectStatus().isOk();
    }

    /** Empties a bucket until the far future: the next request that needs it must wait. */
    private void emptyBucket(String key) {
        redis.opsForHash().putAll("gw:rate:" + key, Map.of("tokens", "0", "at", "9000000000000000")).block();
    }

    @Test
    void oneAddressSubmitsOnlyAFewPhoneNumbersAnHourWhateverItsCookies() {
        String address = newAddress();

        for (int optIn = 0; optIn < 3; optIn++) {
            http.post().uri("/api/v1/me/consent").cookie("sbme_uid", newShopper().cookie()).header("X-Forwarded-For", address)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().is2xxSuccessful();
        }

        http.post().uri("/api/v1/me/consent").cookie("sbme_uid", newShopper().cookie()).header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isEqualTo(429);
        http.get().uri("/api/v1/me").cookie("sbme_uid", newShopper().cookie()).header("X-Forwarded-For", address)
                .exchange().expectStatus().isOk();
        http.post().uri("/api/v1/me/consent").cookie("sbme_uid", newShopper().cookie()).header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().is2xxSuccessful();
    }

    @Test
    void webhooksAreBoundedPerAddress() {
        String address = newAddress();
        emptyBucket("wh:" + address);

        http.post().uri("/webhooks/whatsapp").header("X-Forwarded-For", address).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isEqualTo(429);
        http.post().uri("/webhooks/whatsapp").header("X-Forwarded-For", newAddress()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isOk();
    }

    @Test
    void clearsTheCookieWhenTheDeletionWasAccepted() {
        Shopper shopper = newShopper();

        var result = http.delete().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isAccepted().expectBody().returnResult();

        ResponseCookie cleared = result.getResponseCookies().getFirst("sbme_uid");
        assertThat(cleared).isNotNull();
        assertThat(cleared.getMaxAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keepsTheCookieWhenTheDeletionFailed() {
        Shopper shopper = newShopper();

        var result = http.delete().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).header("X-Test-Status", "409")
                .exchange()
                .expectStatus().isEqualTo(409).expectBody().returnResult();

        assertThat(result.getResponseCookies().getFirst("sbme_uid")).isNull();
    }

    static Stream<Arguments> storefrontRoutes() {
        return Stream.of(
                Arguments.of(HttpMethod.POST, "/api/v1/events", "event-ingest"),
                Arguments.of(HttpMethod.GET, "/api/v1/me", "consent"),
                Arguments.of(HttpMethod.POST, "/api/v1/me/consent", "consent"),
                Arguments.of(HttpMethod.POST, "/api/v1/me/consent/revoke", "consent"),
                Arguments.of(HttpMethod.GET, "/api/v1/me/messages", "tracking"),
                Arguments.of(HttpMethod.POST, "/api/v1/me/flows/abandoned-cart/preview", "decision"),
                Arguments.of(HttpMethod.POST, "/api/v1/me/flows/abandoned-cart/send", "decision"));
    }

    @ParameterizedTest
    @MethodSource("storefrontRoutes")
    void routesStorefrontPathsToTheirService(HttpMethod method, String path, String service) {
        Shopper shopper = newShopper();

        Echo echo = http.method(method).uri(path).cookie("sbme_uid", shopper.cookie())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().is2xxSuccessful().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo(service);
        assertThat(echo.path()).isEqualTo(path);
    }

    @Test
    void storefrontAndAdminRequestsAreProxiedFromTheLoopTheyArrivedOnNotFromRedisClientThread() {
        Shopper shopper = newShopper();
        AdminLogin admin = admin();
        PROXIED_ON.clear();

        for (int i = 0; i < 5; i++) {
            http.post().uri("/api/v1/events").cookie("sbme_uid", shopper.cookie()).header(THREAD_PROBE, "1")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isOk();
        }
        http.get().uri("/api/v1/admin/channels").cookie("SBME_ADMIN_SESSION", admin.session()).header(THREAD_PROBE, "1")
                .exchange()
                .expectStatus().isOk();

        // The rate limit and the admin session are read from Redis before routing; its answer comes
        // on Lettuce's one I/O thread, which would otherwise run every request's proxying.
        assertThat(PROXIED_ON).hasSize(6).noneMatch(thread -> thread.startsWith("lettuce"))
                .allMatch(thread -> thread.contains("-http-"), "an HTTP event loop");
    }

    /** Records which thread routes requests that carry {@link #THREAD_PROBE}. */
    @TestConfiguration
    static class ThreadProbe {

        @Bean
        GlobalFilter threadProbe() {
            return (exchange, chain) -> {
                if (exchange.getRequest().getHeaders().containsHeader(THREAD_PROBE)) {
                    PROXIED_ON.add(Thread.currentThread().getName());
                }
                return chain.filter(exchange);
            };
        }
    }

    // --- admin ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/admin/me", "/api/v1/admin/channels", "/api/v1/admin/flows/abandoned-cart/trigger",
            "/api/v1/admin/messages/force-send", "/api/v1/admin/decisions/d-1", "/api/v1/admin/preview",
            "/api/v1/admin/templates", "/api/v1/admin/dead-letters", "/api/v1/admin/users", "/api/v1/admin/users/u-1",
            "/api/v1/admin/privacy-requests/r-1", "/api/v1/admin/messages/m-1", "/api/v1/admin/logs",
            "/api/v1/admin/audit/verify", "/api/v1/admin/stage-dead-letters", "/api/v1/admin/anything-else",
            "/api/v1/dashboard/metrics",
            "/api/v1/dashboard/stream"})
    void refusesEveryAdminAndDashboardPathWithoutASession(String path) {
        int before = BACKENDS.totalRequests();

        http.get().uri(path).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);

        assertThat(BACKENDS.totalRequests()).isEqualTo(before);
    }

    @Test
    void refusesAnAdminCallWithAMadeUpSessionCookie() {
        http.get().uri("/api/v1/admin/channels").cookie("SBME_ADMIN_SESSION", "A".repeat(43)).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void logsInWithGoodCredentialsAndSetsStrictSessionAndReadableCsrfCookies() {
        var result = http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", PASSWORD)).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { }).returnResult();

        assertThat(result.getResponseBody()).isEqualTo(Map.of("username", "admin"));
        ResponseCookie session = result.getResponseCookies().getFirst("SBME_ADMIN_SESSION");
        ResponseCookie csrf = result.getResponseCookies().getFirst("XSRF-TOKEN");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/");
        assertThat(csrf.isHttpOnly()).isFalse();
        assertThat(csrf.getValue()).isNotBlank().isNotEqualTo(session.getValue());
        http.get().uri("/api/v1/admin/me").cookie("SBME_ADMIN_SESSION", session.getValue()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.username").isEqualTo("admin");
    }

    @Test
    void refusesAWrongPasswordWithProblem() {
        http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", "not-the-password")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Wrong username or password.");
    }

    @Test
    void refusesAnUnknownUserWithTheSameProblem() {
        http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "root", "password", PASSWORD)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("Wrong username or password.");
    }

    @Test
    void formLoginRedirectsToTheAdminPageWithTheSessionCookies() {
        var result = http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=admin&password=" + PASSWORD).exchange()
                .expectStatus().isSeeOther()
                .expectHeader().location("/admin/")
                .expectBody().returnResult();

        String session = result.getResponseCookies().getFirst("SBME_ADMIN_SESSION").getValue();
        http.get().uri("/api/v1/admin/me").cookie("SBME_ADMIN_SESSION", session).exchange().expectStatus().isOk();
    }

    @Test
    void formLoginWithAWrongPasswordRedirectsWithAnErrorAndNoSession() {
        var result = http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("username=admin&password=wrong").exchange()
                .expectStatus().isSeeOther()
                .expectHeader().location("/admin/?error=login")
                .expectBody().returnResult();

        assertThat(result.getResponseCookies().getFirst("SBME_ADMIN_SESSION")).isNull();
    }

    @Test
    void throttlesTheSixthLoginAttemptInAMinute() {
        String address = newAddress();
        for (int attempt = 1; attempt <= 5; attempt++) {
            http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", address)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("username", "admin", "password", "guess-" + attempt)).exchange()
                    .expectStatus().isUnauthorized();
        }

        http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", PASSWORD)).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60));
        http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", newAddress())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", PASSWORD)).exchange()
                .expectStatus().isOk();
    }

    @Test
    void neverThrottlesSuccessfulLogins() {
        String address = newAddress();

        for (int attempt = 1; attempt <= 7; attempt++) {
            login(address);
        }
    }

    @Test
    void relaysAnAdminTokenNamingTheAdmin() {
        AdminLogin admin = admin();

        Echo echo = http.get().uri("/api/v1/admin/channels").cookies(admin::apply).exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("dispatcher");
        assertThat(tokens.verify(echo.header(GatewayToken.HEADER))).contains(new Caller("admin", Caller.Role.ADMIN));
        assertThat(echo.header("cookie")).isNull();
    }

    @Test
    void refusesAnAdminWriteWithoutTheCsrfHeader() {
        AdminLogin admin = admin();
        int before = BACKENDS.totalRequests();

        http.put().uri("/api/v1/admin/channels/sms").cookies(admin::apply)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paused\":true}").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(BACKENDS.totalRequests()).isEqualTo(before);
    }

    @Test
    void refusesAnAdminWriteWhoseCsrfHeaderDoesNotMatch() {
        AdminLogin admin = admin();

        http.put().uri("/api/v1/admin/channels/sms").cookies(admin::apply).header("X-XSRF-TOKEN", "B".repeat(43))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paused\":true}").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void passesAnAdminWriteThatEchoesTheCsrfCookie() {
        AdminLogin admin = admin();

        Echo echo = http.put().uri("/api/v1/admin/channels/sms").cookies(admin::apply).header("X-XSRF-TOKEN", admin.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"paused\":true}").exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("dispatcher");
        assertThat(echo.method()).isEqualTo("PUT");
        assertThat(echo.body()).isEqualTo("{\"paused\":true}");
    }

    @Test
    void logoutEndsTheSessionEverywhere() {
        AdminLogin admin = login(newAddress());

        var result = http.post().uri("/api/v1/admin/logout").cookies(admin::apply).header("X-XSRF-TOKEN", admin.csrf())
                .exchange()
                .expectStatus().isNoContent().expectBody().returnResult();

        assertThat(result.getResponseCookies().getFirst("SBME_ADMIN_SESSION").getMaxAge()).isEqualTo(Duration.ZERO);
        http.get().uri("/api/v1/admin/me").cookies(admin::apply).exchange().expectStatus().isUnauthorized();
    }

    static Stream<Arguments> adminRoutes() {
        return Stream.of(
                Arguments.of("/api/v1/admin/flows/abandoned-cart/trigger", "decision"),
                Arguments.of("/api/v1/admin/messages/force-send", "decision"),
                Arguments.of("/api/v1/admin/decisions/d-1", "decision"),
                Arguments.of("/api/v1/admin/preview", "composer"),
                Arguments.of("/api/v1/admin/templates", "composer"),
                Arguments.of("/api/v1/admin/templates/cart-1", "composer"),
                Arguments.of("/api/v1/admin/channels", "dispatcher"),
                Arguments.of("/api/v1/admin/channels/whatsapp", "dispatcher"),
                Arguments.of("/api/v1/admin/dead-letters", "dispatcher"),
                Arguments.of("/api/v1/admin/users", "consent"),
                Arguments.of("/api/v1/admin/users/u-1/revoke", "consent"),
                Arguments.of("/api/v1/admin/privacy-requests/r-1", "consent"),
                Arguments.of("/api/v1/admin/messages/m-1", "dashboard"),
                Arguments.of("/api/v1/admin/logs", "dashboard"),
                Arguments.of("/api/v1/admin/audit/verify", "dashboard"),
                Arguments.of("/api/v1/admin/stage-dead-letters", "dashboard"),
                Arguments.of("/api/v1/dashboard/metrics", "dashboard"));
    }

    @ParameterizedTest
    @MethodSource("adminRoutes")
    void routesAdminPathsToTheirService(String path, String service) {
        AdminLogin admin = admin();

        Echo echo = http.post().uri(path).cookies(admin::apply).header("X-XSRF-TOKEN", admin.csrf())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo(service);
        assertThat(echo.path()).isEqualTo(path);
    }

    @Test
    void streamsDashboardEventsWithoutWaitingForTheStreamToEnd() {
        AdminLogin admin = admin();
        BACKENDS.rearmStream();
        WebClient client = WebClient.create("http://localhost:" + port);

        ServerSentEvent<String> first = client.get().uri("/api/v1/dashboard/stream")
                .cookies(admin::apply).accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .blockFirst(Duration.ofSeconds(8));

        assertThat(first.data()).isEqualTo("first");
    }

    // --- edge -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/internal/vault/resolve", "/internal/channels", "/internal/inbound"})
    void neverRoutesInternalPaths(String path) {
        int before = BACKENDS.totalRequests();

        http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(BACKENDS.totalRequests()).isEqualTo(before);
    }

    @Test
    void answersUnknownApiPathsWithProblemJson() {
        http.get().uri("/api/v1/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(404).jsonPath("$.instance").isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void answersAWrongMethodOnTheGatewaysOwnEndpointsWithProblemJson() {
        http.get().uri("/api/v1/session").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/v1/admin/login").contentType(MediaType.TEXT_PLAIN).bodyValue("admin").exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesPathsWithDotSegments() {
        Shopper shopper = newShopper();
        int before = BACKENDS.totalRequests();

        http.get().uri("/api/v1/me/../admin/users").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isBadRequest();

        assertThat(BACKENDS.totalRequests()).isEqualTo(before);
    }

    @Test
    void refusesABodyOverTheLimitWithProblem() {
        Shopper shopper = newShopper();
        byte[] big = new byte[1024 * 1024 + 1];

        http.post().uri("/api/v1/events").cookie("sbme_uid", shopper.cookie())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimit() {
        Flux<DataBuffer> chunks = Flux.range(0, 5).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[512 * 1024]));
        http.post().uri("/api/v1/events/batch").header("X-Api-Key", "key-1").contentType(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromDataBuffers(chunks)).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void servesTheStorefrontPageAtTheRoot() throws IOException {
        String expected = new ClassPathResource("static/index.html").getContentAsString(StandardCharsets.UTF_8);

        http.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).isEqualTo(expected);
    }

    @Test
    void servesTheAdminPageAndRedirectsToItsFolder() throws IOException {
        String expected = new ClassPathResource("static/admin/index.html").getContentAsString(StandardCharsets.UTF_8);

        http.get().uri("/admin/").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo(expected);
        http.get().uri("/admin").exchange()
                .expectStatus().isFound()
                .expectHeader().location("/admin/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/nothing-here", "/r/abc123", "/api/v1/admin/channels"})
    void putsSecurityHeadersOnEveryResponse(String path) {
        http.get().uri(path).exchange()
                .expectHeader().valueEquals("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                        + "base-uri 'self'; form-action 'self'")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("Referrer-Policy", "strict-origin-when-cross-origin")
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    @Test
    void personalDataAnswersAreNeverStoredButPagesMayBe() {
        Shopper shopper = newShopper();

        http.get().uri("/api/v1/me").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Cache-Control", "no-store");
        http.get().uri("/api/v1/me/messages").cookie("sbme_uid", shopper.cookie()).exchange()
                .expectHeader().valueEquals("Cache-Control", "no-store");
        http.get().uri("/api/v1/admin/users").exchange()
                .expectHeader().valueEquals("Cache-Control", "no-store");
        http.get().uri("/").exchange()
                .expectHeader().value("Cache-Control", value -> assertThat(value).doesNotContain("no-store"));
    }

    @Test
    void documentsItsOwnEndpointsWithOpenApi() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/v1/session']").exists()
                .jsonPath("$.paths['/api/v1/admin/login']").exists();
    }

    @Test
    void fetchesEachServicesApiDocsWithAServiceToken() {
        Echo echo = http.get().uri("/v3/api-docs/consent-service").exchange()
                .expectStatus().isOk().expectBody(Echo.class).returnResult().getResponseBody();

        assertThat(echo.service()).isEqualTo("consent");
        assertThat(echo.path()).isEqualTo("/v3/api-docs");
        assertThat(tokens.verify(echo.header(GatewayToken.HEADER))).contains(new Caller("gateway-service", Caller.Role.SERVICE));
    }

    @Test
    void servesSwaggerUiListingEveryService() {
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        http.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.urls.length()").isEqualTo(8);
    }

    @Test
    void asksForHttpsOnlyWhenReachedOverHttps() {
        http.get().uri("/").header("X-Forwarded-Proto", "https").exchange()
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000");
        http.get().uri("/").exchange()
                .expectHeader().doesNotExist("Strict-Transport-Security");
    }

    @Test
    void exposesHealthProbesAndPrometheusOnlyOnTheManagementPort() {
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();

        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/health/readiness", "/actuator")) {
            http.get().uri(path).exchange().expectStatus().isNotFound();
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private record Shopper(String userId, String cookie) {
    }

    private record AdminLogin(String session, String csrf) {

        void apply(org.springframework.util.MultiValueMap<String, String> cookies) {
            cookies.add("SBME_ADMIN_SESSION", session);
            cookies.add("XSRF-TOKEN", csrf);
        }
    }

    private Shopper newShopper() {
        EntityExchangeResult<Map<String, String>> result = http.post().uri("/api/v1/session").exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { }).returnResult();
        return new Shopper(result.getResponseBody().get("userId"), result.getResponseCookies().getFirst("sbme_uid").getValue());
    }

    private AdminLogin admin() {
        if (sharedAdmin == null) {
            sharedAdmin = login(newAddress());
        }
        return sharedAdmin;
    }

    private AdminLogin login(String address) {
        var result = http.post().uri("/api/v1/admin/login").header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", PASSWORD)).exchange()
                .expectStatus().isOk().expectBody().returnResult();
        return new AdminLogin(result.getResponseCookies().getFirst("SBME_ADMIN_SESSION").getValue(),
                result.getResponseCookies().getFirst("XSRF-TOKEN").getValue());
    }

    /** A distinct client address per login, so the login throttle of one test does not reach into another. */
    private static String newAddress() {
        return "10.0.0." + ADDRESSES.getAndIncrement();
    }
}
