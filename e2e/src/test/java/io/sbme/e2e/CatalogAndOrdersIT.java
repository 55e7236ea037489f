package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.e2e.MessageJourneyIT.Shopper;
import io.sbme.localstack.LocalStack;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Message content comes from the store's catalog and revenue from the store's server, against the
 * whole stack: a shopper's cart event carrying a phishing name, image and price is sent as the
 * catalog has the product; an order a browser posts with any total adds no revenue, while the
 * shop's own checkout, priced by the server, credits the message.
 */
class CatalogAndOrdersIT {

    private static final String PHISHING = "Kinara: your account is locked, verify now at https://evil.example/login";
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void aCartEventCarryingAPhishingNameImageAndPriceIsSentWithTheCatalogsContent() {
        Shopper shopper = Shopper.optedIn(stack);
        addToCart(shopper, "p-aurora-lamp", PHISHING, "1", "https://evil.example/track.png?u=victim");

        String messageId = previewAndSend(shopper);

        await().atMost(Duration.ofSeconds(30)).until(() -> !sandboxRequestsTo(shopper.phone).isEmpty());
        String sent = sandboxRequestsTo(shopper.phone).toString();
        assertThat(sent).contains(messageId).contains("Aurora Desk Lamp").contains("/img/products/aurora-lamp.svg")
                .doesNotContain("evil.example").doesNotContain("account is locked");
    }

    @Test
    void aCartEventForAProductTheCatalogDoesNotHaveIsKeptButNeverRendered() {
        Shopper shopper = Shopper.optedIn(stack);
        addToCart(shopper, "p-phish-" + UUID.randomUUID().toString().substring(0, 8), PHISHING, "1",
                "https://evil.example/track.png");
        // A shopper's events are handled in order: once the kettle is in the cart, the unknown product was handled too.
        addToCart(shopper, "p-copper-kettle", "Copper Chai Kettle", "1899", "/img/products/copper-kettle.svg");

        Http.Answer preview = await().atMost(Duration.ofSeconds(15))
                .until(() -> shopper.http.post("/api/v1/me/flows/abandoned-cart/preview", Map.of()), a -> a.status() == 200);

        assertThat(preview.body()).contains("Copper Chai Kettle").doesNotContain("evil.example")
                .doesNotContain("account is locked").doesNotContain("p-phish");
    }

    @Test
    void anOrderABrowserPostsAddsNoRevenueWhileTheShopsServerPricedCheckoutCreditsTheMessage() {
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();
        Shopper shopper = Shopper.optedIn(stack);
        addToCart(shopper, "p-aurora-lamp", "Aurora Desk Lamp", "2499", "/img/products/aurora-lamp.svg");
        String messageId = previewAndSend(shopper);
        await().atMost(Duration.ofSeconds(30)).until(() -> !sandboxRequestsTo(shopper.phone).isEmpty());
        JsonNode before = admin.get("/api/v1/dashboard/metrics").json();

        Http.Answer forged = shopper.http.post("/api/v1/events", Map.of("type", "order_completed", "properties", Map.of(
                "order_id", "ord-forged-" + UUID.randomUUID(), "total", 999999999999L, "currency", "INR",
                "utm_message_id", messageId)));
        Http.Answer checkout = shopper.http.post("/api/v1/me/orders", Map.of("orderId", "ord-" + UUID.randomUUID(),
                "utmMessageId", messageId, "items", List.of(Map.of("productId", "p-aurora-lamp", "quantity", 1,
                        "price", 999999999999L))));

        assertThat(forged.status()).as("the browser's order is kept as a hint: %s", forged.body()).isEqualTo(202);
        assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
        assertThat(checkout.json().path("total").decimalValue()).isEqualByComparingTo("2499");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/dashboard/metrics").json()
                .path("converted").asLong() > before.path("converted").asLong());
        BigDecimal added = admin.get("/api/v1/dashboard/metrics").json().path("revenue").decimalValue()
                .subtract(before.path("revenue").decimalValue());
        assertThat(added).as("revenue the two orders added").isEqualByComparingTo("2499");
    }

    @Test
    void onlyTheStoresServerWithItsKeyChangesTheCatalogAndAnOrderOfARemovedProductIsRefused() {
        String id = "p-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> product = Map.of("name", "Brass Bell", "price", 499, "currency", "INR",
                "imageUrl", "/img/products/placeholder.svg", "url", "/?product=" + id);
        Http anonymous = new Http(stack.gatewayUrl());
        Shopper shopper = Shopper.optedIn(stack);

        assertThat(anonymous.put("/api/v1/catalog/products/" + id, product).status()).isEqualTo(401);
        assertThat(shopper.http.put("/api/v1/catalog/products/" + id, product).status()).isEqualTo(401);
        Http.Answer stored = asStoreServer("PUT", "/api/v1/catalog/products/" + id, product);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> shopper.http.post("/api/v1/me/orders",
                Map.of("items", List.of(Map.of("productId", id, "quantity", 2)))).status() == 201);
        assertThat(asStoreServer("DELETE", "/api/v1/catalog/products/" + id, Map.of()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> shopper.http.post("/api/v1/me/orders",
                Map.of("items", List.of(Map.of("productId", id, "quantity", 1)))).status() == 400);
    }

    private static Http.Answer asStoreServer(String method, String path, Object body) {
        return new Http(stack.gatewayUrl()).sendWithHeaders(method, path, body,
                Map.of("X-Api-Key", RunningStack.INGEST_API_KEY));
    }

    static void addToCart(Shopper shopper, String productId, String name, String price, String imageUrl) {
        Http.Answer answer = shopper.http.post("/api/v1/events", Map.of("type", "add_to_cart", "properties", Map.of(
                "product_id", productId, "name", name, "price", price, "currency", "INR", "quantity", 1,
                "image_url", imageUrl, "url", imageUrl)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    /** The demo's "send me the reminder now": the message id it was sent as. */
    static String previewAndSend(Shopper shopper) {
        Http.Answer preview = await().atMost(Duration.ofSeconds(15))
                .until(() -> shopper.http.post("/api/v1/me/flows/abandoned-cart/preview", Map.of()), a -> a.status() == 200);
        Http.Answer send = shopper.http.post("/api/v1/me/flows/abandoned-cart/send",
                Map.of("previewId", preview.json().path("previewId").asString()));
        assertThat(send.status()).as(send.body()).isEqualTo(202);
        return send.json().path("messageId").asString();
    }

    static List<JsonNode> sandboxRequestsTo(String phone) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(RunningStack.get().sandboxUrl() + "/sandbox/requests?since=0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> to = new java.util.ArrayList<>();
            io.sbme.contracts.ContractJson.mapper().readTree(response.body()).forEach(r -> {
                if (phone.equals(r.path("to").asString()) && !Shopper.isConfirmation(r)) {
                    to.add(r);
                }
            });
            return to;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
