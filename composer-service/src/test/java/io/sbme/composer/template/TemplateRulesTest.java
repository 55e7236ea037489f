package io.sbme.composer.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRulesTest {

    private final TemplateRules rules = new TemplateRules(3, "http://localhost:8080");
    private final Template seed = DefaultTemplates.all().getFirst();

    @Test
    void everySeedTemplateMayBeSaved() {
        assertThat(DefaultTemplates.all()).allSatisfy(t -> assertThat(rules.problems(t)).isEmpty());
    }

    @Test
    void refusesAnUnknownPlaceholderNamingItAndTheField() {
        Template withTypo = withSms(seed, "Your {prodcut} is waiting: {cta}");

        assertThat(rules.problems(withTypo)).singleElement().asString()
                .contains("sms", "{prodcut}");
    }

    @Test
    void refusesAnUnknownPlaceholderInTheWhatsAppBodyAndInDefaults() {
        Template.WhatsAppPart wa = seed.whatsapp();
        Template bad = new Template(seed.id(), seed.flow(), "A", "en", 1,
                new Template.WhatsAppPart(wa.templateName(), "en", wa.header(), wa.image(), "Hi {first_name}", wa.footer(),
                        wa.ctaLabel()), seed.sms(), seed.instagram(), Map.of("coupon", "X"), "a", null);

        assertThat(rules.problems(bad)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("whatsapp.body", "{first_name}"))
                .anySatisfy(p -> assertThat(p).contains("defaults", "{coupon}"));
    }

    @Test
    void gsmExtensionBracesThatAreNotPlaceholdersArePlainText() {
        assertThat(rules.problems(withSms(seed, "Deal {50% off} on {product}: {cta}"))).isEmpty();
    }

    @Test
    void refusesAnSmsAboveTheSegmentLimitOnceLinkAndFooterAreAdded() {
        String fourGsmSegments = "x".repeat(153 * 3);

        assertThat(rules.problems(withSms(seed, fourGsmSegments + " {cta}"))).singleElement().asString()
                .contains("4 GSM-7 segments", "limit is 3");
        assertThat(new TemplateRules(1, "http://localhost:8080").problems(withSms(seed, "₹ {product} " + "y".repeat(40))))
                .singleElement().asString().contains("UCS-2");
    }

    @Test
    void refusesACtaLabelLongerThanMetaAllows() {
        Template.WhatsAppPart wa = seed.whatsapp();
        Template longLabel = new Template(seed.id(), seed.flow(), "A", "en", 1,
                new Template.WhatsAppPart(wa.templateName(), "en", wa.header(), wa.image(), wa.body(), wa.footer(),
                        "Complete my order right now"), seed.sms(), seed.instagram(), Map.of(), "a", null);

        assertThat(rules.problems(longLabel)).singleElement().asString().contains("ctaLabel");
    }

    private static Template withSms(Template t, String sms) {
        return new Template(t.id(), t.flow(), t.variant(), t.locale(), t.version(), t.whatsapp(), sms, t.instagram(),
                t.defaults(), t.updatedBy(), t.updatedAt());
    }
}
