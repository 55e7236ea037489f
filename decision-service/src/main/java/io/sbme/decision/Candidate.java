package io.sbme.decision;

import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;

/**
 * What a flow wants to send before the common rules (consent, holdout, caps, quiet hours) had
 * their say.
 *
 * @param ref what the flow is about: the cart id for cart flows, the product id otherwise; per-cart caps key on it
 * @param reason the flow's own reason code, e.g. {@code cart_abandoned}
 * @param explanation the flow's reasoning in words
 * @param templateId a fixed template (admin force-send), or null for the flow's template per variant
 */
public record Candidate(Flow flow, String userId, String eventId, String ref, Product product, Integer discountPercent,
                        String reason, String explanation, boolean marketing, String trigger, String ctaUrl, String templateId) {

    /** The same candidate fired by something else (a timer, the admin). */
    public Candidate withTrigger(String newTrigger) {
        return new Candidate(flow, userId, eventId, ref, product, discountPercent, reason, explanation, marketing,
                newTrigger, ctaUrl, templateId);
    }

    /** The store link for a product, opening the cart when asked. */
    public static String productLink(Product product, boolean openCart) {
        String id = product == null ? null : product.productId();
        String base = id == null ? "/?" : "/?product=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "&";
        return openCart ? base + "cart=1" : base.substring(0, base.length() - 1);
    }
}
