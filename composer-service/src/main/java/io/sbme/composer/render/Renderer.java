package io.sbme.composer.render;

import io.sbme.composer.template.Placeholders;
import io.sbme.composer.template.Template;
import io.sbme.contracts.MessageComposed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template for each channel: the WhatsApp Cloud API bodies (template and interactive
 * {@code cta_url}, both without {@code to}), the card for previews, the SMS text with link, opt-out
 * footer, encoding and segments, and the Instagram preview. Pure: no I/O, same input → same output.
 *
 * <p>A missing value falls back to the template's default, then to {@link #FALLBACKS}, so a sent
 * message never shows a literal {@code {name}}.
 *
 * <p>A template without a CTA label is a plain message (the double opt-in confirmation): no header
 * image, no button and no tracking link, on WhatsApp a plain text inside the customer window.
 */
public final class Renderer {

    /** Appended to every SMS; carriers and Twilio's opt-out handling recognise STOP. */
    public static final String SMS_OPT_OUT = "Reply STOP to opt out";

    static final Map<String, String> FALLBACKS = Map.of(
            "product", "your item",
            "discount", "a little",
            "name", "there",
            "image", "/img/products/placeholder.svg");

    /** Meta refuses template text parameters with newlines, tabs or more than 4 consecutive spaces (error 132018). */
    private static final Pattern WHATSAPP_BREAKS = Pattern.compile("[\\r\\n\\t]+");
    private static final Pattern LONG_SPACES = Pattern.compile(" {4,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");
    /** Bounds one parameter so one long product name cannot push a body past Meta's 1,024 characters. */
    private static final int MAX_VALUE_LENGTH = 120;

    /** Stands in for {@code {store}} when no store name is configured. */
    static final String DEFAULT_STORE = "our store";

    private final String publicBaseUrl;
    private final String storeName;

    public Renderer(String publicBaseUrl) {
        this(publicBaseUrl, null);
    }

    /** @param storeName the shop's name as shoppers know it, for {@code {store}} */
    public Renderer(String publicBaseUrl, String storeName) {
        this.publicBaseUrl = TrackingLink.stripSlash(publicBaseUrl);
        this.storeName = storeName == null || storeName.isBlank() ? DEFAULT_STORE : plain(storeName);
    }

    /** Whether the template renders without image, button or link. */
    static boolean plainMessage(Template template) {
        return template.whatsapp().ctaLabel() == null || template.whatsapp().ctaLabel().isBlank();
    }

    public Renditions render(Template template, RenderInput input) {
        return new Renditions(whatsapp(template, input), sms(template, input), instagram(template, input));
    }

    MessageComposed.WhatsApp whatsapp(Template template, RenderInput input) {
        Template.WhatsAppPart part = template.whatsapp();
        boolean plain = plainMessage(template);
        String imageLink = absolute(value(template, input, "image"));
        String body = fill(part.body(), template, input, Renderer::forWhatsApp);
        String footer = part.footer() == null ? null : fill(part.footer(), template, input, Renderer::forWhatsApp);
        String header = part.header() == null ? null : fill(part.header(), template, input, Renderer::forWhatsApp);

        List<Map<String, Object>> components = new ArrayList<>();
        if (!plain) {
            components.add(Map.of("type", "header", "parameters",
                    List.of(Map.of("type", "image", "image", Map.of("link", imageLink)))));
        }
        List<Map<String, Object>> bodyParameters = Placeholders.in(part.body()).stream()
                .filter(Placeholders.KNOWN::contains)
                .map(name -> Map.<String, Object>of("type", "text", "text", forWhatsApp(parameter(template, input, name))))
                .toList();
        if (!bodyParameters.isEmpty()) {
            components.add(Map.of("type", "body", "parameters", bodyParameters));
        }
        if (!plain) {
            // The approved template's URL button is <public base>/r/{{1}}: the dynamic suffix is the tracking code.
            components.add(ordered("type", "button", "sub_type", "url", "index", "0",
                    "parameters", List.of(Map.of("type", "text", "text", input.trackingCode()))));
        }

        Map<String, Object> templateBody = ordered(
                "messaging_product", "whatsapp",
                "recipient_type", "individual",
                "type", "template",
                "template", ordered(
                        "name", part.templateName(),
                        "language", Map.of("code", part.language() == null ? "en" : part.language()),
                        "components", components),
                "biz_opaque_callback_data", input.messageId());

        if (plain) {
            String text = footer == null || footer.isBlank() ? body : body + " " + footer;
            Map<String, Object> textBody = ordered(
                    "messaging_product", "whatsapp",
                    "recipient_type", "individual",
                    "type", "text",
                    "text", Map.of("body", text),
                    "biz_opaque_callback_data", input.messageId());
            return new MessageComposed.WhatsApp(templateBody, textBody,
                    new MessageComposed.Card(null, header, body, footer, null, null));
        }
        Map<String, Object> interactive = new LinkedHashMap<>();
        interactive.put("type", "cta_url");
        interactive.put("header", Map.of("type", "image", "image", Map.of("link", imageLink)));
        interactive.put("body", Map.of("text", body));
        if (footer != null && !footer.isBlank()) {
            interactive.put("footer", Map.of("text", footer));
        }
        interactive.put("action", Map.of("name", "cta_url",
                "parameters", Map.of("display_text", part.ctaLabel(), "url", input.trackingUrl())));
        Map<String, Object> interactiveBody = ordered(
                "messaging_product", "whatsapp",
                "recipient_type", "individual",
                "type", "interactive",
                "interactive", interactive,
                "biz_opaque_callback_data", input.messageId());

        MessageComposed.Card card = new MessageComposed.Card(value(template, input, "image"), header, body, footer,
                part.ctaLabel(), input.trackingUrl());
        return new MessageComposed.WhatsApp(templateBody, interactiveBody, card);
    }

    MessageComposed.Sms sms(Template template, RenderInput input) {
        String text = fill(template.sms(), template, input, Renderer::plain);
        if (!plainMessage(template) && !text.contains(input.trackingUrl())) {
            text = text + " " + input.trackingUrl();
        }
        text = text + " " + SMS_OPT_OUT;
        SmsEncoding.Count count = SmsEncoding.count(text);
        return new MessageComposed.Sms(text, count.encoding(), count.segments(), count.units());
    }

    MessageComposed.Instagram instagram(Template template, RenderInput input) {
        String text = fill(template.instagram(), template, input, Renderer::plain);
        if (plainMessage(template)) {
            return new MessageComposed.Instagram(text, null, null, null);
        }
        return new MessageComposed.Instagram(text, value(template, input, "image"), template.whatsapp().ctaLabel(),
                input.trackingUrl());
    }

    private String fill(String text, Template template, RenderInput input, java.util.function.UnaryOperator<String> escape) {
        if (text == null) {
            return "";
        }
        Matcher matcher = Placeholders.PATTERN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = Placeholders.KNOWN.contains(name) ? escape.apply(parameter(template, input, name)) : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The text a placeholder stands for in message text: the image as an absolute link, the CTA as the tracking link. */
    private String parameter(Template template, RenderInput input, String name) {
        return switch (name) {
            case "cta" -> input.trackingUrl();
            case "image" -> absolute(value(template, input, "image"));
            case "store" -> storeName;
            default -> value(template, input, name);
        };
    }

    private String value(Template template, RenderInput input, String name) {
        String given = switch (name) {
            case "product" -> input.productName();
            case "discount" -> input.discountPercent() == null || input.discountPercent() <= 0 ? null
                    : input.discountPercent() + "%";
            case "image" -> input.imagePath();
            case "name" -> input.name();
            case "cta" -> input.trackingUrl();
            default -> null;
        };
        if (given != null) {
            given = plain(given);
        }
        if (given == null || given.isBlank()) {
            given = template.defaults().getOrDefault(name, FALLBACKS.getOrDefault(name, ""));
        }
        return given.length() > MAX_VALUE_LENGTH ? given.substring(0, MAX_VALUE_LENGTH - 1) + "…" : given;
    }

    private String absolute(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return path;
        }
        return publicBaseUrl + (path.startsWith("/") ? path : "/" + path);
    }

    /** A WhatsApp template text parameter: no newlines or tabs, never more than 3 spaces in a row, never empty. */
    static String forWhatsApp(String value) {
        String flat = LONG_SPACES.matcher(WHATSAPP_BREAKS.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
        return flat.isEmpty() ? "-" : flat;
    }

    /** Plain text for SMS and Instagram: control characters become spaces, runs of whitespace one space. */
    static String plain(String value) {
        return SPACES.matcher(CONTROL.matcher(value).replaceAll(" ")).replaceAll(" ").strip();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
