package io.sbme.composer.template;

import io.sbme.composer.render.RenderInput;
import io.sbme.composer.render.Renderer;
import io.sbme.composer.render.TrackingLink;
import io.sbme.contracts.MessageComposed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a template must satisfy to be saved: known placeholders only, Meta's length limits, and an
 * SMS that fits the configured number of segments when rendered with a realistic product.
 */
public final class TemplateRules {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}");
    /** Meta template names: lowercase letters, digits and underscores. */
    private static final Pattern META_NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final int MAX_TEXT = 1024;
    /** Meta: cta_url display_text ≤ 20 characters, footer ≤ 60. */
    private static final int MAX_CTA_LABEL = 20;
    private static final int MAX_FOOTER = 60;

    private final int smsSegmentLimit;
    private final Renderer renderer;
    private final String publicBaseUrl;

    public TemplateRules(int smsSegmentLimit, String publicBaseUrl) {
        this.smsSegmentLimit = smsSegmentLimit;
        this.renderer = new Renderer(publicBaseUrl);
        this.publicBaseUrl = publicBaseUrl;
    }

    /** Every problem with the template, in words; empty when it may be saved. */
    public List<String> problems(Template template) {
        List<String> problems = new ArrayList<>();
        if (template.id() == null || !ID.matcher(template.id()).matches()) {
            problems.add("id must be 1-64 lowercase letters, digits, '_' or '-'");
        }
        if (template.flow() == null || template.flow() == io.sbme.contracts.Flow.UNKNOWN) {
            problems.add("flow is missing or unknown");
        }
        Template.WhatsAppPart wa = template.whatsapp();
        if (wa == null) {
            problems.add("whatsapp part is missing");
            return problems;
        }
        text(problems, "whatsapp.body", wa.body(), true, MAX_TEXT);
        text(problems, "whatsapp.header", wa.header(), false, 60);
        text(problems, "whatsapp.image", wa.image(), false, 512);
        text(problems, "whatsapp.footer", wa.footer(), false, MAX_FOOTER);
        // The confirmation is a plain sentence: no button, so no label.
        text(problems, "whatsapp.ctaLabel", wa.ctaLabel(), template.flow() != io.sbme.contracts.Flow.OPT_IN_CONFIRMATION,
                MAX_CTA_LABEL);
        text(problems, "sms", template.sms(), true, MAX_TEXT);
        text(problems, "instagram", template.instagram(), true, MAX_TEXT);
        if (wa.templateName() == null || !META_NAME.matcher(wa.templateName()).matches()) {
            problems.add("whatsapp.templateName must be lowercase letters, digits and '_' (Meta's rule)");
        }
        if (wa.language() != null && !LANGUAGE.matcher(wa.language()).matches()) {
            problems.add("whatsapp.language must be a Meta language code such as en or en_US");
        }
        if (template.defaults().size() > Placeholders.KNOWN.size()) {
            problems.add("defaults may name only the placeholders " + Placeholders.KNOWN);
        }
        for (Map.Entry<String, String> entry : template.defaults().entrySet()) {
            if (!Placeholders.KNOWN.contains(entry.getKey())) {
                problems.add("defaults names an unknown placeholder {" + entry.getKey() + "}");
            } else if (entry.getValue() == null || entry.getValue().length() > 120) {
                problems.add("default for {" + entry.getKey() + "} must be 0-120 characters");
            }
        }
        if (problems.isEmpty()) {
            MessageComposed.Sms sms = renderer.render(template, sample()).sms();
            if (sms.segments() > smsSegmentLimit) {
                problems.add("sms renders to " + sms.segments() + " " + sms.encoding() + " segments (" + sms.characters()
                        + " units with link and opt-out footer); the limit is " + smsSegmentLimit);
            }
        }
        return problems;
    }

    private static void text(List<String> problems, String field, String value, boolean required, int max) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field + " is required");
            }
            return;
        }
        if (value.length() > max) {
            problems.add(field + " is longer than " + max + " characters");
        }
        for (String unknown : Placeholders.unknownIn(value)) {
            problems.add(field + " uses the unknown placeholder {" + unknown + "}; known are " + Placeholders.KNOWN);
        }
    }

    /** A realistic message: a mid-length product name, a discount and a full-length tracking link. */
    private RenderInput sample() {
        String code = TrackingLink.code("sample", "msg-sample");
        return new RenderInput("msg-sample", "Aurora Desk Lamp", 10, "/img/products/aurora-lamp.svg", code,
                TrackingLink.url(publicBaseUrl, code), null);
    }
}
