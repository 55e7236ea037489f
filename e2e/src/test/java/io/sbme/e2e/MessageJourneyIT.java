package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.localstack.LocalStack;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton through the gateway: a storefront add-to-cart becomes, after the demo
 * abandoned-cart delay, a WhatsApp request the sandbox received, then {@code delivered} and
 * {@code read} on the shopper's messages and on the admin dashboard.
 */
class MessageJourneyIT {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void anAbandonedCartEndsAsADeliveredWhatsAppMessageOnTheDashboard() {
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();
        long deliveredBefore = admin.get("/api/v1/dashboard/metrics").json().path("delivered").asLong();
        // Holdout users (a configured share) are decided but not sent, by design; with three
        // shoppers the chance that none is sent is the holdout share cubed.
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Shopper shopper = Shopper.optedIn(stack);
            shopper.addToCart("p-aurora-lamp", "Aurora Desk Lamp", "2499.00", 1);
            shoppers.add(shopper);
        }

        List<String> sent = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sent.clear();
            int settled = 0;
            for (Shopper shopper : shoppers) {
                Optional<JsonNode> request = sandboxRequestTo(shopper.phone);
                request.ifPresent(r -> sent.add(r.path("messageId").asString()));
                if (request.isPresent() || shopper.wasHeldOut(admin)) {
                    settled++;
                }
            }
            assertThat(settled).isEqualTo(shoppers.size());
        });
        assertThat(sent).as("messages the sandbox received").isNotEmpty();

        String messageId = sent.getFirst();
        Shopper recipient = shoppers.stream().filter(s -> sandboxRequestTo(s.phone).isPresent()).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode mine = recipient.http.get("/api/v1/me/messages").json();
            JsonNode message = find(mine, messageId);
            assertThat(message).as("message %s in %s", messageId, mine).isNotNull();
            assertThat(message.path("status").asString()).isIn("delivered", "read");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.get("/api/v1/dashboard/metrics").json().path("delivered").asLong())
                        .isGreaterThan(deliveredBefore));
    }

    @Test
    void adminAndDashboardCallsWithoutASessionAreRefused() {
        Http anonymous = new Http(stack.gatewayUrl());

        assertThat(anonymous.get("/api/v1/dashboard/metrics").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/admin/channels").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/admin/users?query=u-").status()).isEqualTo(401);
    }

    @Test
    void aServicePortReachedDirectlyAnswersNothing() {
        for (String service : List.of("consent-service", "decision-service", "dashboard-service", "dispatcher-service")) {
            Http direct = new Http("http://127.0.0.1:" + stack.port(service));

            Http.Answer answer = direct.get(service.equals("consent-service") ? "/api/v1/me" : "/api/v1/dashboard/metrics");

            assertThat(answer.status()).as(service).isEqualTo(401);
        }
    }

    @Test
    void onlyTheGatewayAcceptsConnectionsOnTheMachinesOtherAddresses() throws Exception {
        Optional<InetAddress> outside = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        assertThat(outside).as("a non-loopback IPv4 address on this machine").isPresent();

        assertThat(accepts(outside.get(), stack.port("gateway-service"))).isTrue();
        for (String child : List.of("provider-sandbox", "event-ingest-service", "consent-service", "decision-service",
                "composer-service", "dispatcher-service", "tracking-service", "dashboard-service", "gateway-management", "kafka",
                "redis")) {
            assertThat(accepts(outside.get(), stack.port(child))).as(child).isFalse();
            assertThat(accepts(InetAddress.getLoopbackAddress(), stack.port(child))).as(child + " on loopback").isTrue();
        }
    }

    @Test
    void managementEndpointsAreNotReachableThroughTheGateway() {
        Http gateway = new Http(stack.gatewayUrl());
        Http management = new Http("http://127.0.0.1:" + stack.managementPort("gateway-service"));

        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/env", "/actuator")) {
            assertThat(gateway.get(path).status()).as(path).isEqualTo(404);
        }
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void theFullPhoneNumberNeverLeavesTheVaultThroughTheApi() {
        Shopper shopper = Shopper.optedIn(stack);
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();

        String me = shopper.http.get("/api/v1/me").body();
        String asAdmin = admin.get("/api/v1/admin/users/" + shopper.userId).body();
        String logs = admin.get("/api/v1/admin/logs?userId=" + shopper.userId).body();

        String digits = shopper.phone.substring(1);
        for (String body : List.of(me, asAdmin, logs)) {
            assertThat(body).doesNotContain(digits).doesNotContain(digits.substring(2));
        }
        assertThat(me).contains(shopper.phone.substring(shopper.phone.length() - 4));
    }

    @Test
    void afterAMessageWentOutNeitherTheFullNumberNorTheProvidersIdIsInAnyTopicRedisFileOrServiceLog() throws Exception {
        Shopper shopper = Shopper.optedIn(stack);
        shopper.addToCart("p-copper-kettle", "Copper Chai Kettle", "1899.00", 1);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                shopper.http.post("/api/v1/me/flows/abandoned-cart/preview", Map.of()).status() == 200);
        String previewId = shopper.http.post("/api/v1/me/flows/abandoned-cart/preview", Map.of()).json()
                .path("previewId").asString();
        Http.Answer send = shopper.http.post("/api/v1/me/flows/abandoned-cart/send", Map.of("previewId", previewId));
        assertThat(send.status()).as(send.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxRequestTo(shopper.phone).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> shopper.http.get("/api/v1/me/messages").body().contains("\"read\""));
        String wamid = sandboxRequestTo(shopper.phone).orElseThrow().path("providerMessageId").asString();
        String digits = shopper.phone.substring(1);
        assertThat(new String(java.util.Base64.getDecoder().decode(wamid.substring("wamid.".length())),
                java.nio.charset.StandardCharsets.US_ASCII)).as("the sandbox's id carries the number, as Meta's do")
                .contains(digits);

        // The number went vault → dispatcher → provider, and back inside the provider's message id
        // (dispatcher's answer, tracking's webhooks). Everything the stack keeps on disk (Kafka's log
        // segments, Redis's append-only file, every service's log) must be free of it, in clear or in
        // base64, and of the id itself; only the sandbox, which plays the outside world, may hold them.
        List<String> forms = new ArrayList<>(List.of(digits, digits.substring(2), wamid, wamid.substring("wamid.".length())));
        forms.addAll(base64Forms(digits));
        List<java.nio.file.Path> holding = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(stack.settings().dataDir())) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("provider-sandbox.log") || file.toString().contains("/bin/")) {
                    continue;
                }
                String content = new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (forms.stream().anyMatch(content::contains)) {
                    holding.add(file);
                }
            }
        }

        assertThat(holding).as("files holding the full number or the provider's message id").isEmpty();
    }

    /**
     * The number's digits as they read inside base64 or base64url text (a wamid is base64 of a
     * structure holding them), at each of the three byte alignments: only the characters whose bits
     * all come from the digits.
     */
    private static List<String> base64Forms(String digits) {
        byte[] bytes = digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = java.util.Base64.getEncoder().withoutPadding().encodeToString(shifted);
            String stable = encoded.substring((offset * 8 + 5) / 6, (offset + bytes.length) * 8 / 6);
            forms.add(stable);
            forms.add(stable.replace('+', '-').replace('/', '_'));
        }
        return forms;
    }

    private Optional<JsonNode> sandboxRequestTo(String phone) {
        JsonNode requests = sandbox("/sandbox/requests?since=0");
        for (JsonNode request : requests) {
            if (phone.equals(request.path("to").asString()) && "whatsapp".equals(request.path("channel").asString())
                    && !Shopper.isConfirmation(request)) {
                return Optional.of(request);
            }
        }
        return Optional.empty();
    }

    private JsonNode sandbox(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return io.sbme.contracts.ContractJson.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode find(JsonNode messages, String messageId) {
        for (JsonNode message : messages) {
            if (messageId.equals(message.path("messageId").asString())) {
                return message;
            }
        }
        return null;
    }

    /** A storefront shopper with a session and WhatsApp + SMS consent, confirmed from their phone. */
    static final class Shopper {
        final Http http;
        final String userId;
        final String phone;

        private Shopper(Http http, String userId, String phone) {
            this.http = http;
            this.userId = userId;
            this.phone = phone;
        }

        /**
         * Opts in a new number and confirms it as its owner would: once the confirmation reached the
         * sandbox, the phone replies YES through the sandbox's inbound webhook, and the shopper is
         * returned when consent says opted in.
         */
        static Shopper optedIn(LocalStack stack) {
            Shopper shopper = pending(stack);
            shopper.awaitConfirmationMessage(stack);
            shopper.replyFromPhone(stack, "YES");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "opted_in".equals(shopper.http.get("/api/v1/me").json().path("status").asString()));
            return shopper;
        }

        /** Opts in a new number on WhatsApp and SMS; its owner has not confirmed it yet. */
        static Shopper pending(LocalStack stack) {
            return pending(stack, DaytimeNumbers.next());
        }

        /** Opts in {@code phone} on WhatsApp and SMS from a new browser profile; not confirmed yet. */
        static Shopper pending(LocalStack stack, String phone) {
            Http http = new Http(stack.gatewayUrl());
            Http.Answer session = http.post("/api/v1/session", Map.of());
            assertThat(session.status()).as(session.body()).isEqualTo(201);
            String userId = session.json().path("userId").asString();
            Http.Answer consent = http.post("/api/v1/me/consent", Map.of("phone", phone,
                    "channels", List.of("whatsapp", "sms"), "preferredChannel", "whatsapp", "consentTextVersion", "v1"));
            assertThat(consent.status()).as(consent.body()).isEqualTo(200);
            assertThat(consent.json().path("maskedPhone").asString()).endsWith(phone.substring(phone.length() - 4));
            assertThat(consent.json().path("status").asString()).as(consent.body()).isEqualTo("pending");
            return new Shopper(http, userId, phone);
        }

        /** What the sandbox received for this number so far, confirmation included. */
        List<JsonNode> sandboxRequests(LocalStack stack) {
            List<JsonNode> to = new ArrayList<>();
            new Http(stack.sandboxUrl()).get("/sandbox/requests?since=0").json().forEach(r -> {
                if (phone.equals(r.path("to").asString())) {
                    to.add(r);
                }
            });
            return to;
        }

        /** Waits until the sandbox accepted the confirmation ("Reply YES ...") for this number; answers it. */
        JsonNode awaitConfirmationMessage(LocalStack stack) {
            return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> sandboxRequests(stack).stream().filter(Shopper::isConfirmation)
                            .filter(r -> r.path("status").asInt(200) < 300).findFirst(), Optional::isPresent)
                    .orElseThrow();
        }

        /** The number's owner texts {@code text} on WhatsApp: the sandbox signs it as the provider's inbound webhook. */
        void replyFromPhone(LocalStack stack, String text) {
            Http.Answer answer = new Http(stack.sandboxUrl()).post("/sandbox/inbound",
                    Map.of("channel", "whatsapp", "from", phone, "text", text));
            assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
        }

        /** Whether a sandbox request is the double opt-in confirmation rather than a flow's message. */
        static boolean isConfirmation(JsonNode request) {
            String body = request.path("body").toString();
            return body.contains("opt_in_confirmation") || body.contains("YES to get updates")
                    || body.contains("YES+to+get+updates");
        }

        void addToCart(String productId, String name, String price, int quantity) {
            Http.Answer answer = http.post("/api/v1/events", Map.of("type", "add_to_cart", "properties", Map.of(
                    "product_id", productId, "name", name, "price", price, "currency", "INR", "quantity", quantity,
                    "image_url", "/img/products/" + productId.substring(2) + ".svg", "url", "/?product=" + productId)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }

        boolean wasHeldOut(Http admin) {
            JsonNode decisions = admin.get("/api/v1/admin/decisions?userId=" + userId).json();
            for (JsonNode decision : decisions.isArray() ? decisions : decisions.path("decisions")) {
                if ("holdout".equals(decision.path("reason").asString())) {
                    return true;
                }
            }
            return false;
        }
    }
}
