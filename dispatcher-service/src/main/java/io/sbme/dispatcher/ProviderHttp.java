package io.sbme.dispatcher;

import io.sbme.contracts.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The one HTTP exchange every provider sender makes: a request with the configured timeout, the
 * answer read as JSON, and network trouble turned into transient outcomes, so each sender holds
 * only its provider's wire format and error codes.
 */
public final class ProviderHttp {

    /** Reads a provider's answer: its HTTP status and JSON body (null when empty or not JSON). */
    @FunctionalInterface
    public interface Reader {
        SendOutcome read(int status, JsonNode json);
    }

    private final HttpClient http;
    private final Duration timeout;

    public ProviderHttp(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public HttpRequest.Builder post(URI endpoint) {
        return HttpRequest.newBuilder(endpoint).timeout(timeout);
    }

    /** Sends the request; a timeout, an unreachable provider or an interrupt is a transient outcome. */
    public SendOutcome exchange(HttpRequest request, Reader reader) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return reader.read(response.statusCode(), parse(response.body()));
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Transient("timeout", null);
        } catch (IOException e) {
            return new SendOutcome.Transient("provider_unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Transient("interrupted", null);
        }
    }

    /** A base URL without its trailing slash, ready for a path to be appended. */
    public static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : ContractJson.mapper().readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
