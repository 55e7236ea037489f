package io.sbme.composer.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.composer.template.DefaultTemplates;
import io.sbme.composer.template.Template;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.MessageComposed;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RendererTest {

    private final Renderer renderer = new Renderer("https://shop.example/");
    private final RenderInput aurora = new RenderInput("msg-1", "Aurora Desk Lamp", 10, "/img/products/aurora-lamp.svg",
            "Ab3dE9xYz012", "https://shop.example/r/Ab3dE9xYz012", null);

    @Test
    void rendersTheCloudApiTemplateMessageForOutsideTheWindowWithoutRecipient() {
        MessageComposed.WhatsApp whatsapp = renderer.render(template("abandoned_cart_a"), aurora).whatsapp();

        assertThat(json(whatsapp.template())).isEqualTo(fixture("whatsapp-template.json"));
        assertThat(whatsapp.template()).doesNotContainKey("to");
    }

    @Test
    void rendersTheCloudApiInteractiveCtaUrlMessageForInsideTheWindow() {
        MessageComposed.WhatsApp whatsapp = renderer.render(template("abandoned_cart_a"), aurora).whatsapp();

        assertThat(json(whatsapp.interactive())).isEqualTo(fixture("whatsapp-interactive.json"));
        assertThat(whatsapp.interactive()).doesNotContainKey("to");
        assertThat(whatsapp.card().ctaUrl()).isEqualTo("https://shop.example/r/Ab3dE9xYz012");
        assertThat(whatsapp.card().imageUrl()).isEqualTo("/img/products/aurora-lamp.svg");
    }

    @Test
    void rendersTheSmsAsTwilioCountsItWithLinkAndOptOutFooter() {
        MessageComposed.Sms sms = renderer.render(template("abandoned_cart_a"), aurora).sms();

        JsonNode expected = fixture("twilio-message.json");
        assertThat(sms.text()).isEqualTo(expected.get("body").asString());
        assertThat(String.valueOf(sms.segments())).isEqualTo(expected.get("num_segments").asString());
        assertThat(sms.encoding()).isEqualTo(expected.get("encoding").asString());
        assertThat(sms.characters()).isEqualTo(sms.text().length());
    }

    @Test
    void theOptInConfirmationIsOnePlainSentenceWithTheStoreNameAndNoImageButtonOrLink() {
        Renditions confirmation = new Renderer("https://shop.example/", "Kinara")
                .render(template("opt_in_confirmation_a"), aurora);

        JsonNode whatsapp = json(confirmation.whatsapp().template());
        assertThat(whatsapp.path("template").path("name").asString()).isEqualTo("opt_in_confirmation_a");
        assertThat(whatsapp.path("template").path("components")).hasSize(1);
        assertThat(whatsapp.path("template").path("components").get(0).path("type").asString()).isEqualTo("body");
        assertThat(whatsapp.path("template").path("components").get(0).path("parameters").get(0).path("text").asString())
                .isEqualTo("Kinara");
        assertThat(json(confirmation.whatsapp().interactive()).path("text").path("body").asString())
                .isEqualTo("Reply YES to get updates from Kinara.");
        assertThat(confirmation.whatsapp().card().ctaUrl()).isNull();
        assertThat(confirmation.whatsapp().card().imageUrl()).isNull();
        assertThat(confirmation.sms().text()).isEqualTo("Reply YES to get updates from Kinara. Reply STOP to opt out");
        assertThat(confirmation.instagram().imageUrl()).isNull();
        assertThat(confirmation.instagram().ctaUrl()).isNull();
        assertThat(json(confirmation.whatsapp()).toString()).doesNotContain("/r/").doesNotContain("Aurora");
    }

    @Test
    void theStoreNameFallsBackToPlainWordsWhenNoneIsConfigured() {
        MessageComposed.Sms sms = renderer.render(template("opt_in_confirmation_a"), aurora).sms();

        assertThat(sms.text()).startsWith("Reply YES to get updates from our store.");
    }

    @Test
    void appendsTheTrackingLinkWhenTheSmsTextHasNoCtaPlaceholder() {
        Template noLink = new Template("t", io.sbme.contracts.Flow.MANUAL, "A", "en", 1,
                template("manual_a").whatsapp(), "Hello from the store", "hi", Map.of(), "x", null);

        MessageComposed.Sms sms = renderer.render(noLink, aurora).sms();

        assertThat(sms.text()).isEqualTo("Hello from the store https://shop.example/r/Ab3dE9xYz012 Reply STOP to opt out");
    }

    @Test
    void aMissingValueFallsBackToTheTemplateDefaultNeverToALiteralPlaceholder() {
        RenderInput nothing = new RenderInput("msg-2", null, null, null, "Zz9", "https://shop.example/r/Zz9", null);

        Renditions renditions = renderer.render(template("abandoned_cart_b"), nothing);

        String everything = ContractJson.writeString(renditions);
        assertThat(everything).doesNotContain("{name}", "{product}", "{discount}", "{image}", "{cta}");
        assertThat(renditions.sms().text()).startsWith("Hi there, your item is still in your cart. Save a little:");
        assertThat(renditions.whatsapp().card().header()).isEqualTo("Hi there, you left something behind");
    }

    @Test
    void whatsAppTextParametersHaveNoNewlinesTabsOrLongSpaceRunsAsMetaRequires() {
        RenderInput messy = new RenderInput("msg-3", "Lamp\nwith\ttabs     and spaces", 10, "https://cdn.example/x.png",
                "C0de", "https://shop.example/r/C0de", null);

        Map<String, Object> template = renderer.render(template("abandoned_cart_a"), messy).whatsapp().template();

        String productParameter = ContractJson.mapper().valueToTree(template)
                .at("/template/components/1/parameters/0/text").asString();
        assertThat(productParameter).isEqualTo("Lamp with tabs and spaces");
        assertThat(ContractJson.mapper().valueToTree(template).at("/template/components/0/parameters/0/image/link")
                .asString()).isEqualTo("https://cdn.example/x.png");
    }

    @Test
    void theSmsIsPlainTextWithoutControlCharacters() {
        RenderInput messy = new RenderInput("msg-4", "Lamp\u0007\r\nDeluxe", 10, null, "C0de", "https://shop.example/r/C0de", null);

        MessageComposed.Sms sms = renderer.render(template("abandoned_cart_a"), messy).sms();

        assertThat(sms.text()).startsWith("Your Lamp Deluxe is waiting - 10% off today:");
    }

    @Test
    void rendersTheInstagramPreviewWithTheSameLink() {
        MessageComposed.Instagram instagram = renderer.render(template("price_drop_a"), aurora).instagram();

        assertThat(instagram.text()).isEqualTo("Aurora Desk Lamp just got cheaper — now 10% off.");
        assertThat(instagram.ctaUrl()).isEqualTo("https://shop.example/r/Ab3dE9xYz012");
    }

    @Test
    void theTrackingCodeIsTwelveBase62CharactersAndKeyedBySecretAndMessage() {
        String code = TrackingLink.code("secret-one", "msg-1");

        assertThat(code).hasSize(12).matches("[0-9A-Za-z]{12}");
        assertThat(TrackingLink.code("secret-one", "msg-1")).isEqualTo(code);
        assertThat(TrackingLink.code("secret-two", "msg-1")).isNotEqualTo(code);
        assertThat(TrackingLink.code("secret-one", "msg-2")).isNotEqualTo(code);
        assertThat(TrackingLink.url("http://localhost:8080/", code)).isEqualTo("http://localhost:8080/r/" + code);
    }

    private static Template template(String id) {
        return DefaultTemplates.all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode json(Object value) {
        return ContractJson.mapper().valueToTree(value);
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = RendererTest.class.getResourceAsStream("/fixtures/" + name)) {
            return ContractJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
