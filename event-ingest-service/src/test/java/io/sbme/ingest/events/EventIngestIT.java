package io.sbme.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Topics;
import io.sbme.support.catalog.CatalogView;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.kafka.ContractDeserializer;
import io.sbme.support.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event API against a real Kafka broker and a real Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ingest.api-keys=first-key, second-key",
        "sbme.kafka.partitions=1"})
@EmbeddedKafka(partitions = 1, topics = Topics.CUSTOMER_EVENTS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventIngestIT {

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    @LocalServerPort
    int port;
    @Autowired
    GatewayToken tokens;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CatalogView catalog;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private KafkaConsumer<String, Object> consumer;
    private final List<CustomerEvent> seen = new ArrayList<>();

    @BeforeAll
    void subscribe() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ContractDeserializer());
        consumer.subscribe(List.of(Topics.CUSTOMER_EVENTS));
    }

    @AfterAll
    void close() {
        consumer.close();
    }

    private List<CustomerEvent> stored(String eventId) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add((CustomerEvent) r.value()));
        return seen.stream().filter(e -> e.eventId().equals(eventId)).toList();
    }

    private List<CustomerEvent> storedFor(String userId) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add((CustomerEvent) r.value()));
        return seen.stream().filter(e -> e.userId().equals(userId)).toList();
    }

    /** Posts a valid event after refused ones and waits for it: the service still serves and stored none of them. */
    private void assertStillServingAndNothingElseStoredFor(Caller caller, String apiKey) throws Exception {
        String sentinel = "ok-" + UUID.randomUUID();
        HttpResponse<String> answer = caller.role() == Caller.Role.SHOPPER
                ? post("/api/v1/events", caller, null, """
                        {"type":"view_product","eventId":"%s","properties":{"product_id":"p1"}}""".formatted(sentinel))
                : post("/api/v1/events/batch", caller, apiKey, """
                        {"events":[{"type":"view_product","userId":"%s","eventId":"%s","properties":{"product_id":"p1"}}]}"""
                        .formatted(caller.subject(), sentinel));
        assertThat(answer.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(sentinel).isEmpty());
        assertThat(storedFor(caller.subject())).extracting(CustomerEvent::eventId).containsExactly(sentinel);
    }

    private HttpResponse<String> post(String path, Caller caller, String apiKey, String body) throws Exception {
        return send("POST", path, caller, apiKey, body);
    }

    private HttpResponse<String> send(String method, String path, Caller caller, String apiKey, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (caller != null) {
            request.header(GatewayToken.HEADER, tokens.mint(caller));
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCatalogIsSeededFromTheStorefrontsCatalogAndKeptCurrentByTheStoreWithItsKey() throws Exception {
        Caller gateway = new Caller("gateway-service", Caller.Role.SERVICE);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("p-aurora-lamp").isPresent());
        String product = """
                {"name":"Brass Lamp","price":1999,"currency":"INR","imageUrl":"/img/products/aurora-lamp.svg"}""";

        HttpResponse<String> keyless = send("PUT", "/api/v1/catalog/products/p-brass", gateway, null, product);
        HttpResponse<String> wrongKey = send("PUT", "/api/v1/catalog/products/p-brass", gateway, "nope", product);
        HttpResponse<String> plainHttpImage = send("PUT", "/api/v1/catalog/products/p-brass", gateway, "first-key",
                product.replace("/img/products/aurora-lamp.svg", "http://evil.example/t.png"));
        HttpResponse<String> put = send("PUT", "/api/v1/catalog/products/p-brass", gateway, "first-key", product);

        assertThat(keyless.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(plainHttpImage.statusCode()).isEqualTo(400);
        assertThat(put.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.find("p-brass").isPresent());
        assertThat(catalog.find("p-brass").orElseThrow().price()).isEqualByComparingTo("1999");

        assertThat(send("DELETE", "/api/v1/catalog/products/p-brass", gateway, "first-key", null).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.find("p-brass").isEmpty());
    }

    @Test
    void aShoppersOrderIsPricedFromTheCatalogAndStoredAsAServerSourcedOrder() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("p-aurora-lamp").isPresent());
        Caller shopper = new Caller("u-" + UUID.randomUUID().toString().replace("-", ""), Caller.Role.SHOPPER);
        String order = """
                {"orderId":"ord-%s","utmMessageId":"m-1","items":[
                  {"productId":"p-aurora-lamp","quantity":2,"price":1,"name":"Free lamp"}]}""".formatted(UUID.randomUUID());

        HttpResponse<String> placed = post("/api/v1/me/orders", shopper, null, order);
        HttpResponse<String> again = post("/api/v1/me/orders", shopper, null, order);
        HttpResponse<String> unknown = post("/api/v1/me/orders", shopper, null,
                "{\"items\":[{\"productId\":\"p-phish\",\"quantity\":1}]}");

        assertThat(placed.statusCode()).isEqualTo(201);
        assertThat(json.readTree(placed.body()).path("total").decimalValue()).isEqualByComparingTo("4998");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("detail").asString()).contains("does not sell p-phish");
        String orderId = json.readTree(placed.body()).path("orderId").asString();
        String eventId = "order:" + shopper.subject() + ":" + orderId;
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(eventId).isEmpty());
        assertThat(stored(eventId)).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(CustomerEvent.SOURCE_CHECKOUT);
            assertThat(e.fromServer()).isTrue();
            assertThat(e.order().total()).isEqualByComparingTo("4998");
            assertThat(e.order().products()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("Aurora Desk Lamp"));
            assertThat(e.messageId()).isEqualTo("m-1");
        });
    }

    @Test
    void anOrderPostedAsABrowserEventIsMarkedAsTheStorefrontsWhateverItsPayloadSays() throws Exception {
        String eventId = "evt-" + UUID.randomUUID();
        String body = """
                {"type":"order_completed","eventId":"%s","source":"batch","properties":{"order_id":"o-1",
                  "total":999999999999,"currency":"INR","utm_message_id":"m-1"}}""".formatted(eventId);

        assertThat(post("/api/v1/events", new Caller("u-forger", Caller.Role.SHOPPER), null, body).statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(eventId).isEmpty());
        assertThat(stored(eventId)).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(CustomerEvent.SOURCE_STOREFRONT);
            assertThat(e.fromServer()).isFalse();
        });
    }

    @Test
    void acceptsTheSameEventIdOnceAndSaysTheSecondIsADuplicate() throws Exception {
        String eventId = "evt-" + UUID.randomUUID();
        String body = """
                {"type":"add_to_cart","eventId":"%s","properties":{"product_id":"p-lamp","price":10}}""".formatted(eventId);
        Caller shopper = new Caller("u-" + UUID.randomUUID().toString().replace("-", ""), Caller.Role.SHOPPER);

        HttpResponse<String> first = post("/api/v1/events", shopper, null, body);
        HttpResponse<String> second = post("/api/v1/events", shopper, null, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json.readTree(first.body()).path("duplicate").asBoolean()).isFalse();
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json.readTree(second.body()).path("duplicate").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(eventId).isEmpty());
        assertThat(stored(eventId)).singleElement().satisfies(e -> assertThat(e.userId()).isEqualTo(shopper.subject()));
    }

    @Test
    void redisCommandsAreNotTimedOneByOne() throws Exception {
        String body = """
                {"type":"view_product","eventId":"evt-%s","properties":{"product_id":"p-lamp","price":10}}"""
                .formatted(UUID.randomUUID());

        assertThat(post("/api/v1/events", new Caller("u-timing", Caller.Role.SHOPPER), null, body).statusCode()).isEqualTo(202);

        // Lettuce's Micrometer tracing would time every command (the dedupe claim here): a tenth of a
        // Redis-heavy service's CPU under load, for meters no dashboard or alert reads.
        assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("lettuce"));
        assertThat(meters.find("sbme.ingest.events").tag("result", "accepted").counter()).isNotNull();
    }

    @Test
    void refusesAMalformedEventWithAProblemAndStoresNothing() throws Exception {
        HttpResponse<String> answer = post("/api/v1/events", new Caller("u-1", Caller.Role.SHOPPER), null,
                "{\"type\":\"add_to_cart\",\"eventId\":\"evt-bad-1\",\"properties\":{\"price\":-3}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(json.readTree(answer.body()).path("detail").asString()).contains("product_id");
    }

    @Test
    void storesTheValidEventsOfABatchAndRejectsTheOthersByIndex() throws Exception {
        String good1 = "b-" + UUID.randomUUID();
        String good2 = "b-" + UUID.randomUUID();
        String body = """
                {"events":[
                  {"type":"Product Viewed","userId":"u-a","messageId":"%s","properties":{"product_id":"p-1"}},
                  {"type":"add_to_cart","userId":"u-a","eventId":"b-bad","properties":{"product_id":"p-1","currency":"EURO"}},
                  {"type":"price_drop","userId":"catalog","eventId":"%s","properties":{"product_id":"p-1","old_price":10,"new_price":8}},
                  {"type":"add_to_cart","eventId":"b-nouser","properties":{"product_id":"p-1"}},
                  {"type":"view_product","userId":"u-a","messageId":"%s","properties":{"product_id":"p-1"}}
                ]}""".formatted(good1, good2, good1);

        HttpResponse<String> answer = post("/api/v1/events/batch", new Caller("gateway-service", Caller.Role.SERVICE),
                "second-key", body);

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode result = json.readTree(answer.body());
        assertThat(result.path("accepted").asInt()).isEqualTo(2);
        assertThat(result.path("duplicates").asInt()).isEqualTo(1);
        assertThat(result.path("rejected").values()).extracting(r -> r.path("index").asInt()).containsExactly(1, 3);
        assertThat(result.path("rejected").get(0).path("detail").asString()).contains("ISO 4217");
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(good1).isEmpty() && !stored(good2).isEmpty());
        assertThat(stored(good1)).hasSize(1);
    }

    @Test
    void acceptsSegmentsBatchEnvelope() throws Exception {
        String id = "seg-" + UUID.randomUUID();
        String body = """
                {"batch":[{"type":"track","event":"Product Viewed","anonymousId":"anon-7","messageId":"%s",
                  "properties":{"product_id":"p-7"}}]}""".formatted(id);

        HttpResponse<String> answer = post("/api/v1/events/batch", new Caller("gw", Caller.Role.SERVICE), "first-key", body);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(json.readTree(answer.body()).path("accepted").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored(id).isEmpty());
        assertThat(stored(id).getFirst().userId()).isEqualTo("anon-7");
    }

    @Test
    void refusesABatchWithoutAValidApiKey() throws Exception {
        Caller gateway = new Caller("gateway-service", Caller.Role.SERVICE);
        String body = "{\"events\":[]}";

        HttpResponse<String> missing = post("/api/v1/events/batch", gateway, null, body);
        HttpResponse<String> wrong = post("/api/v1/events/batch", gateway, "first-keyX", body);
        HttpResponse<String> right = post("/api/v1/events/batch", gateway, "first-key", body);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(202);
    }

    @Test
    void refusesABatchOfMoreThanOneThousandEvents() throws Exception {
        String event = "{\"type\":\"view_product\",\"userId\":\"u-a\",\"properties\":{\"product_id\":\"p-1\"}}";
        String body = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(1001, event)) + "]}";

        HttpResponse<String> answer = post("/api/v1/events/batch", new Caller("gw", Caller.Role.SERVICE), "first-key", body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("at most 1000");
    }

    @Test
    void refusesARequestWithoutAGatewayToken() throws Exception {
        HttpResponse<String> answer = post("/api/v1/events", null, null, "{\"type\":\"view_product\"}");

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesOutOfBoundAmountsWithAProblemNamingTheFieldAndKeepsServing() throws Exception {
        Caller shopper = new Caller("u-" + UUID.randomUUID().toString().replace("-", ""), Caller.Role.SHOPPER);
        List<List<String>> requests = List.of(
                List.of("properties.price", """
                        {"type":"add_to_cart","properties":{"product_id":"p1","price":"1e999999999"}}"""),
                List.of("properties.total", """
                        {"type":"checkout_started","properties":{"checkout_id":"c1","total":"1e-999999999","currency":"INR"}}"""),
                List.of("properties.price", """
                        {"type":"add_to_cart","properties":{"product_id":"p1","price":1e999999999}}"""),
                List.of("properties.products[0].price", """
                        {"type":"checkout_started","properties":{"checkout_id":"c1",
                         "products":[{"product_id":"p1","price":1e999999999}]}}"""));

        for (List<String> request : requests) {
            HttpResponse<String> answer = post("/api/v1/events", shopper, null, request.get(1));

            assertThat(answer.statusCode()).as(request.get(1)).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            assertThat(json.readTree(answer.body()).path("detail").asString()).as(request.get(1))
                    .startsWith(request.get(0) + " must be a").hasSizeLessThan(160);
        }
        assertStillServingAndNothingElseStoredFor(shopper, null);
    }

    @Test
    void refusesAJsonNumberLongerThanTheParserAllowsWithAProblem() throws Exception {
        Caller shopper = new Caller("u-" + UUID.randomUUID().toString().replace("-", ""), Caller.Role.SHOPPER);

        HttpResponse<String> answer = post("/api/v1/events", shopper, null, """
                {"type":"add_to_cart","properties":{"product_id":"p1","price":%s}}""".formatted("9".repeat(5_000)));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("9".repeat(40));
        assertStillServingAndNothingElseStoredFor(shopper, null);
    }

    @Test
    void refusesOutOfBoundAmountsOfBatchAndSegmentEventsByIndexNamingTheField() throws Exception {
        Caller source = new Caller("gateway-service", Caller.Role.SERVICE);
        String user = "u-" + UUID.randomUUID();
        String events = """
                [{"type":"add_to_cart","userId":"%1$s","properties":{"product_id":"p1","price":"1e999999999"}},
                 {"type":"checkout_started","userId":"%1$s","properties":{"checkout_id":"c1","total":"1e-999999999","currency":"INR"}},
                 {"type":"track","event":"Product Added","anonymousId":"%1$s","properties":{"product_id":"p1","price":1e999999999}},
                 {"type":"add_to_cart","userId":"%1$s","properties":{"product_id":"p1","quantity":10001}}]""".formatted(user);

        for (String envelope : List.of("{\"events\":" + events + "}", "{\"batch\":" + events + "}")) {
            HttpResponse<String> answer = post("/api/v1/events/batch", source, "first-key", envelope);

            assertThat(answer.statusCode()).isEqualTo(202);
            JsonNode result = json.readTree(answer.body());
            assertThat(result.path("accepted").asInt()).isZero();
            assertThat(result.path("rejected").values()).extracting(r -> r.path("detail").asString())
                    .satisfiesExactly(
                            d -> assertThat(d).startsWith("properties.price must be a decimal").contains("'1e999999999'"),
                            d -> assertThat(d).startsWith("properties.total must be a decimal").contains("'1e-999999999'"),
                            d -> assertThat(d).startsWith("properties.price must be a"),
                            d -> assertThat(d).startsWith("properties.quantity must be a whole number"));
        }
        assertStillServingAndNothingElseStoredFor(new Caller(user, Caller.Role.SERVICE), "first-key");
    }
}
