package io.sbme.sandbox.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The sandbox listening on every interface, as in a cluster: its controls need the token. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sandbox.control-token=test-control-token")
class ControlAccessIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void controlCallsWithoutTheTokenAreRefusedAndWithItAnswered() throws Exception {
        assertThat(get("/sandbox/requests", null).statusCode()).isEqualTo(401);
        assertThat(get("/sandbox/requests", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(post("/sandbox/inbound", null).statusCode()).isEqualTo(401);

        assertThat(get("/sandbox/requests", "test-control-token").statusCode()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAConfiguredTokenTheControlsAreOffBeyondLoopbackAndOpenOnLoopback() throws Exception {
        MockHttpServletResponse beyond = new MockHttpServletResponse();
        new ControlAccess("", "").doFilter(new MockHttpServletRequest("GET", "/sandbox/requests"), beyond,
                new MockFilterChain());
        MockHttpServletResponse loopback = new MockHttpServletResponse();
        new ControlAccess("127.0.0.1", "").doFilter(new MockHttpServletRequest("GET", "/sandbox/requests"), loopback,
                new MockFilterChain());

        assertThat(beyond.getStatus()).isEqualTo(403);
        assertThat(beyond.getContentAsString()).contains("SBME_SANDBOX_CONTROL_TOKEN");
        assertThat(loopback.getStatus()).isEqualTo(200);
        assertThat(ControlAccess.isLoopback("0.0.0.0")).isFalse();
        assertThat(ControlAccess.isLoopback("::1")).isTrue();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"sms\",\"from\":\"+919800000001\",\"text\":\"STOP\"}")), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header(ControlAccess.HEADER, token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
