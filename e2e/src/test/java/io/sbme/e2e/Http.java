package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ContractJson;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A cookie-keeping HTTP client for one actor (a shopper or an admin) talking to the gateway. */
final class Http {

    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return ContractJson.mapper().readTree(body);
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    Answer post(String path, Object body) {
        return send(withJson(HttpRequest.newBuilder(URI.create(url(path))), body, "POST"));
    }

    Answer put(String path, Object body) {
        return send(withJson(HttpRequest.newBuilder(URI.create(url(path))), body, "PUT"));
    }

    Answer delete(String path) {
        return send(csrf(HttpRequest.newBuilder(URI.create(url(path)))).DELETE());
    }

    Answer postWithHeaders(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = withJson(HttpRequest.newBuilder(URI.create(url(path))), body, "POST");
        headers.forEach(builder::header);
        return send(builder);
    }

    /** Any method with extra headers, e.g. the store's server calling with its {@code X-Api-Key}. */
    Answer sendWithHeaders(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder builder = withJson(HttpRequest.newBuilder(URI.create(url(path))), body, method);
        headers.forEach(builder::header);
        return send(builder);
    }

    /** Signs in at the gateway as the e2e admin. */
    Http loginAsAdmin() {
        Answer login = post("/api/v1/admin/login",
                Map.of("username", RunningStack.ADMIN_USER, "password", RunningStack.ADMIN_PASSWORD));
        assertThat(login.status()).as("admin login: %s", login.body()).isEqualTo(200);
        get("/api/v1/admin/me");
        return this;
    }

    private String url(String path) {
        return path.startsWith("http") ? path : base + path;
    }

    private HttpRequest.Builder withJson(HttpRequest.Builder builder, Object body, String method) {
        String json = body instanceof String s ? s : ContractJson.writeString(body);
        return csrf(builder).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder csrf(HttpRequest.Builder builder) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().ifPresent(token -> builder.header("X-XSRF-TOKEN", token));
        return builder;
    }

    private Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
