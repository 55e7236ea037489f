package io.sbme.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The event rules: mapping, Segment names and envelope, and every refusal with its sentence. */
class EventParserTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:15:00Z");
    private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode body(String text) {
        return json.readTree(text);
    }

    private CustomerEvent accepted(EventParser.Parsed parsed) {
        assertThat(parsed).isInstanceOf(EventParser.Accepted.class);
        return ((EventParser.Accepted) parsed).event();
    }

    private String rejected(EventParser.Parsed parsed) {
        assertThat(parsed).isInstanceOf(EventParser.Rejected.class);
        return ((EventParser.Rejected) parsed).detail();
    }

    @Test
    void mapsAnAddToCartWithDefaultsAndTheCallersIdentity() {
        var parsed = parser.parseForUser(body("""
                {"type":"add_to_cart","userId":"u-someone-else","properties":{"product_id":"p-lamp","name":"Lamp",
                 "price":2499.00,"currency":"inr","image_url":"/img/lamp.svg"}}"""), "u-caller");

        CustomerEvent event = accepted(parsed);

        assertThat(event.userId()).isEqualTo("u-caller");
        assertThat(event.type()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(event.product().quantity()).isEqualTo(1);
        assertThat(event.product().currency()).isEqualTo("INR");
        assertThat(event.product().price()).isEqualByComparingTo("2499");
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.source()).isEqualTo("storefront");
    }

    @Test
    void understandsSegmentsEnvelopeAndNames() {
        var parsed = parser.parseFromSource(body("""
                {"type":"Order Completed","anonymousId":"anon-1","messageId":"seg-42","timestamp":"2026-11-24T08:00:00Z",
                 "context":{"campaign":{"source":"whatsapp","medium":"messaging","name":"abandoned_cart"}},
                 "properties":{"order_id":"o-1","total":"99.50","currency":"USD","utm_message_id":"m-abc",
                   "products":[{"product_id":"p-1","price":49.75,"quantity":2}]}}"""));

        CustomerEvent event = accepted(parsed);

        assertThat(event.type()).isEqualTo(EventType.ORDER_COMPLETED);
        assertThat(event.userId()).isEqualTo("anon-1");
        assertThat(event.eventId()).isEqualTo("seg-42");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(event.order().total()).isEqualByComparingTo(new BigDecimal("99.50"));
        assertThat(event.order().products()).hasSize(1);
        assertThat(event.order().utmMessageId()).isEqualTo("m-abc");
        assertThat(event.messageId()).isEqualTo("m-abc");
        assertThat(event.campaign().source()).isEqualTo("whatsapp");
        assertThat(event.campaign().messageId()).isEqualTo("m-abc");
    }

    @Test
    void readsTheEventNameOfASegmentTrackCall() {
        CustomerEvent event = accepted(parser.parseFromSource(body("""
                {"type":"track","event":"Product Added","userId":"u-9","messageId":"seg-1",
                 "properties":{"product_id":"p-9","price":5}}""")));

        assertThat(event.type()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(event.eventId()).isEqualTo("seg-1");
    }

    @Test
    void mapsPriceDropAndSupportMessageWithoutPhoneNumbers() {
        CustomerEvent drop = accepted(parser.parseFromSource(body("""
                {"type":"price_drop","userId":"catalog","properties":{"product_id":"p-1","old_price":100,"new_price":80}}""")));
        CustomerEvent support = accepted(parser.parseForUser(body("""
                {"type":"support_message","properties":{"text":"Call me on +91 98765 49721 please"}}"""), "u-1"));

        assertThat(drop.priceDrop().newPrice()).isEqualByComparingTo("80");
        assertThat(support.text()).doesNotContain("98765").contains("Call me on");
    }

    @Test
    void rejectsMalformedEventsWithAReadableDetail() {
        assertThat(rejected(parser.parseForUser(body("{\"type\":\"teleport\"}"), "u-1"))).contains("type must be one of");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"name":"no id"}}"""), "u-1"))).contains("product_id is required");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","price":-1}}"""), "u-1"))).contains("properties.price must not be negative");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","currency":"XYZQ"}}"""), "u-1"))).contains("ISO 4217");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","quantity":0}}"""), "u-1"))).contains("quantity");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","url":"javascript:alert(1)"}}"""), "u-1")))
                .contains("relative path or an http(s) URL");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"view_product","properties":{"product_id":"p","name":"%s"}}""".formatted("x".repeat(201))), "u-1")))
                .contains("at most 200");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"view_product","timestamp":"yesterday","properties":{"product_id":"p"}}"""), "u-1")))
                .contains("timestamp");
        assertThat(rejected(parser.parseFromSource(body("""
                {"type":"view_product","properties":{"product_id":"p"}}""")))).contains("userId");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"price_drop","properties":{"product_id":"p","old_price":10,"new_price":1}}"""), "u-1")))
                .contains("server sources");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1e999999999\"", "\"1e-999999999\"", "1e999999999", "\"1000000000000\"", "\"0.00001\"",
            "\"12345678901234567890123456789012345678901234567890\""})
    @Timeout(5)
    void refusesOutOfBoundAmountsNamingTheFieldAndCuttingTheValue(String amount) {
        String price = rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p1","price":%s}}""".formatted(amount)), "u-1"));
        String total = rejected(parser.parseFromSource(body("""
                {"type":"checkout_started","userId":"u-1","properties":{"checkout_id":"c1","total":%s,"currency":"INR"}}"""
                .formatted(amount))));
        String line = rejected(parser.parseFromSource(body("""
                {"type":"order_completed","userId":"u-1","properties":{"order_id":"o1","products":[
                 {"product_id":"p1","price":%s}]}}""".formatted(amount))));
        String drop = rejected(parser.parseFromSource(body("""
                {"type":"price_drop","userId":"catalog","properties":{"product_id":"p1","old_price":10,"new_price":%s}}"""
                .formatted(amount))));

        assertThat(price).startsWith("properties.price must be a").hasSizeLessThan(160);
        assertThat(total).startsWith("properties.total must be a").hasSizeLessThan(160);
        assertThat(line).startsWith("properties.products[0].price must be a").hasSizeLessThan(160);
        assertThat(drop).startsWith("properties.new_price must be a").hasSizeLessThan(160);
    }

    @Test
    void keepsAcceptedAmountsInPlainForm() {
        CustomerEvent event = accepted(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p1","price":"1E+3"}}"""), "u-1"));

        assertThat(event.product().price().toString()).isEqualTo("1000");
    }

    @Test
    void refusesOutOfBoundQuantitiesTimestampsAndBatchUsers() {
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","quantity":10001}}"""), "u-1")))
                .contains("properties.quantity must be a whole number from 1 to 10000");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"add_to_cart","properties":{"product_id":"p","quantity":1e999999999}}"""), "u-1")))
                .contains("properties.quantity");
        assertThat(rejected(parser.parseForUser(body("""
                {"type":"view_product","timestamp":"+999999999-01-01T00:00:00Z","properties":{"product_id":"p"}}"""),
                "u-1"))).startsWith("timestamp must be between");
        assertThat(rejected(parser.parseFromSource(body("""
                {"type":"view_product","userId":{"nested":true},"properties":{"product_id":"p"}}"""))))
                .contains("userId must be a string");
    }
}
