package io.sbme.composer.template;

import io.sbme.contracts.Flow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The templates every flow starts with; seeded into Redis once, then edited by admins. */
public final class DefaultTemplates {

    private static final Instant SEEDED = Instant.parse("2026-11-24T00:00:00Z");

    private DefaultTemplates() {
    }

    public static List<Template> all() {
        return List.of(
                template("abandoned_cart_a", Flow.ABANDONED_CART, "A", "Still thinking it over?",
                        "Your {product} is waiting — take {discount} off today.",
                        "Complete my order",
                        "Your {product} is waiting - {discount} off today: {cta}",
                        "Your {product} is waiting — take {discount} off today."),
                template("abandoned_cart_b", Flow.ABANDONED_CART, "B", "Hi {name}, you left something behind",
                        "{product} is still in your cart. Finish checking out and save {discount}.",
                        "Finish checkout",
                        "Hi {name}, {product} is still in your cart. Save {discount}: {cta}",
                        "{product} is still in your cart — save {discount} when you check out."),
                template("price_drop_a", Flow.PRICE_DROP, "A", "Price drop!",
                        "Good news: {product} just got cheaper — now {discount} off.",
                        "See the new price",
                        "Price drop: {product} is now {discount} off: {cta}",
                        "{product} just got cheaper — now {discount} off."),
                template("price_drop_b", Flow.PRICE_DROP, "B", "You have good taste",
                        "The {product} you looked at is now {discount} off. Want it?",
                        "Get it now",
                        "{product} is now {discount} off. Get it: {cta}",
                        "The {product} you looked at is now {discount} off."),
                template("checkout_rescue_a", Flow.CHECKOUT_RESCUE, "A", "Need a hand with checkout?",
                        "Your order with {product} is almost done. Pick up where you left off.",
                        "Resume checkout",
                        "Your order with {product} is almost done: {cta}",
                        "Your order with {product} is almost done."),
                template("checkout_rescue_b", Flow.CHECKOUT_RESCUE, "B", "Your order is waiting",
                        "Hi {name}, finish your order with {product} and save {discount}.",
                        "Finish my order",
                        "Hi {name}, finish your order with {product} and save {discount}: {cta}",
                        "Finish your order with {product} and save {discount}."),
                template("browse_abandonment_a", Flow.BROWSE_ABANDONMENT, "A", "Caught your eye?",
                        "{product} is still available. Take another look.",
                        "Take a look",
                        "{product} is still available: {cta}",
                        "{product} is still available — take another look."),
                template("browse_abandonment_b", Flow.BROWSE_ABANDONMENT, "B", "Still on your mind?",
                        "Hi {name}, {product} is waiting for you — {discount} off this week.",
                        "Show me",
                        "Hi {name}, {product} is {discount} off this week: {cta}",
                        "{product} is waiting for you — {discount} off this week."),
                template("support_reply_a", Flow.SUPPORT_REPLY, "A", "We're here to help",
                        "Hi {name}, thanks for your message. We have an answer for you about {product}.",
                        "Open the answer",
                        "Hi {name}, we have an answer about {product}: {cta}",
                        "Thanks for your message — we have an answer about {product}."),
                confirmation(),
                // Last: the template of a flow that has none of its own.
                template("manual_a", Flow.MANUAL, "A", "A note from the store",
                        "Hi {name}, we thought you would like {product}.",
                        "Shop now",
                        "Hi {name}, we thought you would like {product}: {cta}",
                        "We thought you would like {product}."));
    }

    /**
     * The double opt-in confirmation: one plain sentence with the store's name, no image, button or
     * link, so the number's owner sees who asks before anything else is sent.
     */
    private static Template confirmation() {
        String text = "Reply YES to get updates from {store}.";
        return new Template("opt_in_confirmation_a", Flow.OPT_IN_CONFIRMATION, "A", "en", 1,
                new Template.WhatsAppPart("opt_in_confirmation_a", "en", null, null, text, null, null),
                text, text, Map.of(), "seed", SEEDED);
    }

    private static Template template(String id, Flow flow, String variant, String header, String body, String cta,
                                      String sms, String instagram) {
        return new Template(id, flow, variant, "en", 1,
                new Template.WhatsAppPart(id, "en", header, "{image}", body, "Reply STOP to opt out", cta),
                sms, instagram,
                Map.of("name", "there", "product", "your item", "discount", "a little"),
                "seed", SEEDED);
    }
}
