package io.sbme.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.sbme.sandbox.webhook.Signatures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox end to end over HTTP, with an in-test receiver standing in for tracking-service's webhooks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.whatsapp.access-token=test-access-token",
        "sandbox.whatsapp.app-secret=test-app-secret",
        "sandbox.whatsapp.phone-number-id=1065",
        "sandbox.whatsapp.templates=abandoned_cart_a,hello_world",
        "sandbox.twilio.account-sid=AC11111111111111111111111111111111",
        "sandbox.twilio.auth-token=test-auth-token",
        "sandbox.twilio.from=+15005550006",
        "sandbox.webhook-batch-max=8",
        "server.address=127.0.0.1"})
class ProviderSandboxIT {

    private static final String ACCOUNT = "AC11111111111111111111111111111111";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final HttpServer RECEIVER = startReceiver();

    @LocalServerPort
    int port;

    record Received(String path, String query, Map<String, String> headers, byte[] body, long at) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @DynamicPropertySource
    static void receiver(DynamicPropertyRegistry registry) {
        registry.add("sandbox.webhook-base-url", () -> receiverUrl());
    }

    @BeforeEach
    void reset() throws Exception {
        call("POST", "/sandbox/reset", null, null);
        put(Map.of("sentDelayMs", 10, "deliveredDelayMs", 40, "readDelayMs", 80));
        RECEIVED.clear();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Test
    void acceptsTemplateMessageAndPostsSignedSentDeliveredReadWebhooks() throws Exception {
        HttpResponse<String> response = whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(body.path("contacts").get(0).path("input").asString()).isEqualTo("+919876549721");
        assertThat(body.path("contacts").get(0).path("wa_id").asString()).isEqualTo("919876549721");
        String wamid = body.path("messages").get(0).path("id").asString();
        assertThat(wamid).startsWith("wamid.");
        assertThat(new String(Base64.getDecoder().decode(wamid.substring(6)), StandardCharsets.US_ASCII))
                .as("Meta's ids carry the recipient's number").contains("919876549721");

        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf("msg-1").size() >= 3);
        for (Received webhook : metaWebhooksOf("msg-1")) {
            assertThat(webhook.path()).isEqualTo("/webhooks/whatsapp");
            assertThat(webhook.headers().get("x-hub-signature-256")).isEqualTo(Signatures.meta("test-app-secret", webhook.body()));
        }
        List<String> statuses = new ArrayList<>();
        for (JsonNode status : statusEntriesOf("msg-1")) {
            assertThat(status.path("id").asString()).isEqualTo(wamid);
            assertThat(status.path("biz_opaque_callback_data").asString()).isEqualTo("msg-1");
            assertThat(status.path("recipient_id").asString()).isEqualTo("919876549721");
            statuses.add(status.path("status").asString());
        }
        assertThat(statuses).containsExactly("sent", "delivered", "read");
    }

    @Test
    void refusesWrongBearerTokenWithGraphError190() throws Exception {
        HttpResponse<String> response = whatsapp("not-the-token", template("+919876549721", "abandoned_cart_a", "msg-1"));

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(190);
        assertThat(error.path("type").asString()).isEqualTo("OAuthException");
        assertThat(error.path("fbtrace_id").asString()).isNotBlank();
    }

    @Test
    void validatesPayloadShapeWithMetaErrorCodes() throws Exception {
        Map<String, Object> noProduct = new LinkedHashMap<>(template("+919876549721", "abandoned_cart_a", "m"));
        noProduct.remove("messaging_product");
        Map<String, Object> interactiveWithoutBody = Map.of("messaging_product", "whatsapp", "to", "+919876549721",
                "type", "interactive", "interactive", Map.of("type", "cta_url",
                        "action", Map.of("name", "cta_url", "parameters", Map.of("display_text", "Buy", "url", "https://x.test/r/a"))));

        assertThat(errorCode(whatsapp("test-access-token", noProduct))).isEqualTo(100);
        assertThat(errorCode(whatsapp("test-access-token", template("+919876549721", "no_such_template", "m")))).isEqualTo(132001);
        assertThat(errorCode(whatsapp("test-access-token", interactiveWithoutBody))).isEqualTo(131008);
        assertThat(errorCode(whatsapp("test-access-token", template("12", "abandoned_cart_a", "m")))).isEqualTo(131009);
        assertThat(RECEIVED).noneMatch(r -> r.text().contains("\"biz_opaque_callback_data\":\"m\""));
    }

    @Test
    void answersBehaviourDrivenErrorsWithRealCodes() throws Exception {
        put(Map.of("notOnWhatsApp", List.of("+919000000001")));
        assertThat(errorCode(whatsapp("test-access-token", template("+919000000001", "abandoned_cart_a", "m")))).isEqualTo(131026);

        Map<String, Object> text = Map.of("messaging_product", "whatsapp", "to", "+919876549721", "type", "text",
                "text", Map.of("body", "hello"));
        assertThat(errorCode(whatsapp("test-access-token", text))).isEqualTo(131047);

        put(Map.of("errorRate", 1.0));
        assertThat(errorCode(whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "m")))).isEqualTo(131049);

        put(Map.of("errorRate", 0.0, "rateLimitPerSecond", 1));
        HttpResponse<String> first = whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "m"));
        HttpResponse<String> second = whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "m"));
        assertThat(first.statusCode() == 429 || second.statusCode() == 429).isTrue();
        assertThat(errorCode(first.statusCode() == 429 ? first : second)).isEqualTo(130429);
    }

    @Test
    void freeFormMessageIsAcceptedInsideTheCustomersWindow() throws Exception {
        call("POST", "/sandbox/inbound", "application/json",
                JSON.writeValueAsString(Map.of("channel", "whatsapp", "from", "+919876549721", "text", "hi")));
        Map<String, Object> text = Map.of("messaging_product", "whatsapp", "to", "+919876549721", "type", "text",
                "text", Map.of("body", "hello"));

        assertThat(whatsapp("test-access-token", text).statusCode()).isEqualTo(200);
    }

    @Test
    void sendsSmsAndPostsStatusCallbacksSignedForTheCallbackUrl() throws Exception {
        String callback = receiverUrl() + "/webhooks/sms?messageId=msg-7";

        HttpResponse<String> response = twilio(basic(ACCOUNT, "test-auth-token"),
                Map.of("To", "+919876549721", "From", "+15005550006", "Body", "Your lamp is waiting",
                        "StatusCallback", callback));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.path("sid").asString()).matches("SM[0-9a-f]{32}");
        assertThat(message.path("status").asString()).isEqualTo("queued");
        assertThat(message.path("num_segments").asString()).isEqualTo("1");
        await().atMost(Duration.ofSeconds(5)).until(() -> smsCallbacksOf("msg-7").size() >= 2);
        List<String> statuses = new ArrayList<>();
        for (Received webhook : smsCallbacksOf("msg-7")) {
            Map<String, List<String>> form = parseForm(webhook.text());
            assertThat(webhook.headers().get("x-twilio-signature"))
                    .isEqualTo(Signatures.twilio("test-auth-token", callback, form));
            assertThat(form.get("MessageSid")).containsExactly(message.path("sid").asString());
            statuses.add(form.get("MessageStatus").getFirst());
        }
        assertThat(statuses).containsExactly("sent", "delivered");
    }

    @Test
    void refusesSmsWithTwilioErrorCodes() throws Exception {
        Map<String, String> ok = Map.of("To", "+919876549721", "From", "+15005550006", "Body", "hi");

        assertThat(twilioCode(twilio(basic(ACCOUNT, "wrong"), ok))).isEqualTo(20003);
        assertThat(twilioCode(twilio(basic(ACCOUNT, "test-auth-token"),
                Map.of("To", "98765", "From", "+15005550006", "Body", "hi")))).isEqualTo(21211);
        call("POST", "/sandbox/inbound", "application/json",
                JSON.writeValueAsString(Map.of("channel", "sms", "from", "+919876549721", "text", "STOP")));
        HttpResponse<String> optedOut = twilio(basic(ACCOUNT, "test-auth-token"), ok);
        assertThat(optedOut.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(optedOut.body());
        assertThat(error.path("code").asInt()).isEqualTo(21610);
        assertThat(error.path("more_info").asString()).isEqualTo("https://www.twilio.com/docs/errors/21610");
        assertThat(error.path("status").asInt()).isEqualTo(400);
    }

    @Test
    void postsSignedInboundMessagesInBothProviderFormats() throws Exception {
        HttpResponse<String> wa = call("POST", "/sandbox/inbound", "application/json",
                JSON.writeValueAsString(Map.of("channel", "whatsapp", "from", "+919876549721", "text", "STOP")));
        HttpResponse<String> sms = call("POST", "/sandbox/inbound", "application/json",
                JSON.writeValueAsString(Map.of("channel", "sms", "from", "+919876549721", "text", "Where is my order?")));

        assertThat(JSON.readTree(wa.body()).path("webhookStatus").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(sms.body()).path("webhookStatus").asInt()).isEqualTo(200);
        Received metaHook = RECEIVED.stream().filter(r -> r.path().equals("/webhooks/whatsapp"))
                // Other tests' status webhooks land here too; this one is the inbound STOP.
                .filter(r -> r.text().contains("\"messages\"") && r.text().contains("\"STOP\"")).findFirst().orElseThrow();
        assertThat(metaHook.headers().get("x-hub-signature-256")).isEqualTo(Signatures.meta("test-app-secret", metaHook.body()));
        JsonNode message = JSON.readTree(metaHook.body()).path("entry").get(0).path("changes").get(0).path("value")
                .path("messages").get(0);
        assertThat(message.path("from").asString()).isEqualTo("919876549721");
        assertThat(message.path("type").asString()).isEqualTo("text");
        assertThat(message.path("text").path("body").asString()).isEqualTo("STOP");
        Received twilioHook = RECEIVED.stream().filter(r -> r.path().equals("/webhooks/sms"))
                .filter(r -> r.query() == null).findFirst().orElseThrow();
        Map<String, List<String>> form = parseForm(twilioHook.text());
        assertThat(twilioHook.headers().get("x-twilio-signature"))
                .isEqualTo(Signatures.twilio("test-auth-token", receiverUrl() + "/webhooks/sms", form));
        assertThat(form.get("Body")).containsExactly("Where is my order?");
        assertThat(form.get("From")).containsExactly("+919876549721");
    }

    @Test
    void listsReceivedRequestsSinceAGivenTimeWithOurMessageId() throws Exception {
        whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-old"));
        long since = System.currentTimeMillis() + 1;
        await().until(() -> System.currentTimeMillis() > since);
        whatsapp("test-access-token", template("+919876549722", "abandoned_cart_a", "msg-new"));
        twilio(basic(ACCOUNT, "test-auth-token"), Map.of("To", "+919876549723", "From", "+15005550006", "Body", "hi",
                "StatusCallback", receiverUrl() + "/webhooks/sms?messageId=msg-sms"));

        JsonNode all = JSON.readTree(call("GET", "/sandbox/requests?since=0", null, null).body());
        JsonNode recent = JSON.readTree(call("GET", "/sandbox/requests?since=" + since, null, null).body());

        assertThat(all).hasSize(3);
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).path("messageId").asString()).isEqualTo("msg-new");
        assertThat(recent.get(0).path("channel").asString()).isEqualTo("whatsapp");
        assertThat(recent.get(0).path("to").asString()).isEqualTo("+919876549722");
        assertThat(recent.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(recent.get(0).path("providerMessageId").asString()).startsWith("wamid.");
        assertThat(recent.get(1).path("messageId").asString()).isEqualTo("msg-sms");
        assertThat(recent.get(1).path("channel").asString()).isEqualTo("sms");
        assertThat(recent.get(1).path("status").asInt()).isEqualTo(201);
    }

    @Test
    void behaviourChangesPartiallyRefusesNonsenseAndResets() throws Exception {
        HttpResponse<String> updated = put(Map.of("readWithoutDeliveredRate", 1.0));
        JsonNode behaviour = JSON.readTree(updated.body());

        assertThat(behaviour.path("readWithoutDeliveredRate").asDouble()).isEqualTo(1.0);
        assertThat(behaviour.path("deliveredDelayMs").asLong()).isEqualTo(40);
        assertThat(put(Map.of("errorRate", 2)).statusCode()).isEqualTo(400);
        assertThat(put(Map.of("noSuchSetting", 1)).statusCode()).isEqualTo(400);

        whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf("msg-2").size() >= 2);
        await().during(Duration.ofMillis(200)).until(() -> statusesOf("msg-2").size() == 2);
        assertThat(statusesOf("msg-2")).containsExactly("sent", "read");

        call("POST", "/sandbox/reset", null, null);
        assertThat(JSON.readTree(call("GET", "/sandbox/behaviour", null, null).body())
                .path("deliveredDelayMs").asLong()).isEqualTo(1500);
    }

    @Test
    void dropsDeliveredForConfiguredNumbers() throws Exception {
        put(Map.of("dropDeliveredFor", List.of("+919876549721"), "readRate", 1.0));

        whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-3"));

        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf("msg-3").size() >= 1);
        await().during(Duration.ofMillis(300)).until(() -> statusesOf("msg-3").size() == 1);
        assertThat(statusesOf("msg-3")).containsExactly("sent");
    }

    @Test
    void undeliverableNumbersAreReportedFailedOnWhatsAppAndUndeliveredOnSms() throws Exception {
        put(Map.of("undeliverableFor", List.of("+919876549729")));
        String callback = receiverUrl() + "/webhooks/sms?messageId=msg-undelivered";

        whatsapp("test-access-token", template("+919876549729", "abandoned_cart_a", "msg-failed"));
        twilio(basic(ACCOUNT, "test-auth-token"), Map.of("To", "+919876549729", "From", "+15005550006", "Body", "hi",
                "StatusCallback", callback));

        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf("msg-failed").size() == 2
                && smsCallbacksOf("msg-undelivered").size() == 2);
        assertThat(statusesOf("msg-failed")).containsExactly("sent", "failed");
        JsonNode failed = statusEntriesOf("msg-failed").get(1);
        assertThat(failed.path("errors").get(0).path("code").asInt()).isEqualTo(131026);
        Map<String, List<String>> undelivered = parseForm(smsCallbacksOf("msg-undelivered").get(1).text());
        assertThat(undelivered.get("MessageStatus")).containsExactly("undelivered");
        assertThat(undelivered.get("ErrorCode")).containsExactly("30003");
    }

    @Test
    void retriesAWebhookTheReceiverDidNotTake() throws Exception {
        put(Map.of("deliveredDelayMs", 60_000, "readDelayMs", 60_000));

        whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-flaky"));

        await().atMost(Duration.ofSeconds(5)).until(() -> statusesOf("msg-flaky").size() == 2);
        assertThat(statusesOf("msg-flaky")).containsExactly("sent", "sent");
    }

    @Test
    void keepsRetryingWithAGrowingPauseUntilTheReceiverTakesTheWebhook() throws Exception {
        put(Map.of("deliveredDelayMs", 60_000, "readDelayMs", 60_000));

        whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", "msg-down-for-3"));

        await().atMost(Duration.ofSeconds(15)).until(() -> statusesOf("msg-down-for-3").size() == 4);
        assertThat(statusesOf("msg-down-for-3")).containsOnly("sent");
        // 0.5 s, 1 s, 2 s between the tries (sandbox.webhook-retry-initial): 3.5 s from the first to the fourth.
        List<Long> at = RECEIVED.stream().filter(r -> r.text().contains("msg-down-for-3")).map(Received::at).toList();
        assertThat(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(400);
        assertThat(at.get(3) - at.get(2)).isGreaterThan(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(1_800);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> statusesOf("msg-down-for-3").size() == 4);
    }

    @Test
    void statusesDueTogetherShareAWebhookUpToTheBatchLimitLikeMetasAggregatedUpdates() throws Exception {
        List<String> ids = java.util.stream.IntStream.range(0, 24).mapToObj(i -> "msg-batch-" + i).toList();
        try (var senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                senders.submit(() -> whatsapp("test-access-token", template("+919876549721", "abandoned_cart_a", id)));
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> statusesOf(id).size() == 3));
        List<Received> webhooks = RECEIVED.stream().filter(r -> r.text().contains("msg-batch-")).toList();
        assertThat(webhooks).allSatisfy(webhook -> {
            assertThat(webhook.headers().get("x-hub-signature-256")).isEqualTo(Signatures.meta("test-app-secret", webhook.body()));
            assertThat(statusEntries(webhook)).hasSizeBetween(1, 8);
        });
        assertThat(webhooks).as("72 statuses in fewer posts").hasSizeLessThan(72)
                .anySatisfy(webhook -> assertThat(statusEntries(webhook)).hasSizeGreaterThan(1));
        // Batches are posted concurrently, so, as with Meta, a message's statuses 30 ms apart may arrive
        // in either order; every one arrives, and the timestamps tell the order.
        assertThat(ids).allSatisfy(id -> {
            assertThat(statusesOf(id)).containsExactlyInAnyOrder("sent", "delivered", "read");
            Map<String, Long> at = statusEntriesOf(id).stream().collect(Collectors.toMap(
                    status -> status.path("status").asString(), status -> Long.parseLong(status.path("timestamp").asString())));
            assertThat(at.get("sent")).isLessThanOrEqualTo(at.get("delivered"));
            assertThat(at.get("delivered")).isLessThanOrEqualTo(at.get("read"));
        });
    }

    // --- helpers ---

    /** Status webhooks of one of our messages; earlier tests' late webhooks are told apart by id. */
    private static List<Received> metaWebhooksOf(String messageId) {
        return RECEIVED.stream().filter(r -> r.path().equals("/webhooks/whatsapp"))
                .filter(r -> r.text().contains("\"biz_opaque_callback_data\":\"" + messageId + "\""))
                .toList();
    }

    /** The statuses of one of our messages, across webhooks in the order received and within each as listed. */
    private static List<JsonNode> statusEntriesOf(String messageId) {
        return metaWebhooksOf(messageId).stream().flatMap(r -> statusEntries(r).stream())
                .filter(status -> status.path("biz_opaque_callback_data").asString("").equals(messageId))
                .toList();
    }

    private static List<JsonNode> statusEntries(Received webhook) {
        List<JsonNode> entries = new ArrayList<>();
        JSON.readTree(webhook.body()).path("entry").get(0).path("changes").get(0).path("value").path("statuses")
                .forEach(entries::add);
        return entries;
    }

    private static List<String> statusesOf(String messageId) {
        return statusEntriesOf(messageId).stream().map(status -> status.path("status").asString()).toList();
    }

    private static List<Received> smsCallbacksOf(String messageId) {
        return RECEIVED.stream().filter(r -> ("messageId=" + messageId).equals(r.query())).toList();
    }

    private Map<String, Object> template(String to, String name, String messageId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", to);
        body.put("type", "template");
        body.put("template", Map.of("name", name, "language", Map.of("code", "en"), "components", List.of(
                Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "Aurora Desk Lamp"))),
                Map.of("type", "button", "sub_type", "url", "index", "0",
                        "parameters", List.of(Map.of("type", "text", "text", "Ab3dE9"))))));
        body.put("biz_opaque_callback_data", messageId);
        return body;
    }

    private HttpResponse<String> whatsapp(String token, Map<String, Object> body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/v21.0/1065/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> twilio(String authorization, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(Map<String, Object> patch) throws Exception {
        return call("PUT", "/sandbox/behaviour", "application/json", JSON.writeValueAsString(patch));
    }

    private HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int errorCode(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("error").path("code").asInt();
    }

    private static int twilioCode(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("code").asInt();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String receiverUrl() {
        return "http://127.0.0.1:" + RECEIVER.getAddress().getPort();
    }

    private static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/webhooks", exchange -> {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
                Received received = new Received(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                        headers, exchange.getRequestBody().readAllBytes(), System.currentTimeMillis());
                // A receiver that is briefly down: the first webhook of a "flaky" message is refused with 503,
                // the first three of a "down-for-3" one.
                boolean refuse = received.text().contains("flaky") && RECEIVED.stream().noneMatch(r -> r.text().contains("flaky"))
                        || received.text().contains("down-for-3")
                        && RECEIVED.stream().filter(r -> r.text().contains("down-for-3")).count() < 3;
                RECEIVED.add(received);
                exchange.sendResponseHeaders(refuse ? 503 : 200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
