package io.sbme.decision.demo;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.MessageComposed;
import io.sbme.decision.Candidate;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Ids;
import io.sbme.decision.abandonedcart.AbandonedCartFlow;
import io.sbme.decision.abandonedcart.AbandonedCartTimer;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.cart.CartStore;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The storefront's demo helpers (only with {@code SBME_DEMO=true}): decide the abandoned-cart flow
 * for the caller's cart now, show the rendered message, and send exactly what was shown.
 *
 * <p>A demo trigger skips the idle delay, the experiment's holdout and quiet hours (a person asked
 * for it at this moment); frequency caps apply unless {@code decision.demo-trigger-bypasses-caps},
 * and consent always applies.
 */
@RestController
@RequestMapping("/api/v1/me/flows/abandoned-cart")
class DemoFlowController {

    private final DecisionProperties properties;
    private final CartStore carts;
    private final DecisionEngine engine;
    private final ComposerClient composer;
    private final PreviewStore previews;
    private final AbandonedCartTimer abandonedCart;

    DemoFlowController(DecisionProperties properties, CartStore carts, DecisionEngine engine, ComposerClient composer,
                       PreviewStore previews, AbandonedCartTimer abandonedCart) {
        this.properties = properties;
        this.carts = carts;
        this.engine = engine;
        this.composer = composer;
        this.previews = previews;
        this.abandonedCart = abandonedCart;
    }

    /** The send request. */
    record SendRequest(String previewId) {
    }

    @PostMapping("/preview")
    Map<String, Object> preview(Caller caller) {
        String userId = shopper(caller);
        Candidate candidate = candidate(userId);
        String decisionId = Ids.random("d-");
        String messageId = Ids.random("m-");
        Decision decision = engine.evaluate(candidate, demoOptions(), decisionId, messageId);
        // Render even what cannot be sent yet (no consent), so the shopper sees what they would get.
        List<Channel> renderPlan = decision.channelPlan().isEmpty() ? List.of(Channel.WHATSAPP, Channel.SMS)
                : decision.channelPlan();
        Decision renderable = new Decision(decision.schemaVersion(), decisionId, messageId, decision.eventId(), userId,
                decision.flow(), DecisionOutcome.SEND, decision.reason(), decision.explanation(), decision.product(),
                decision.discountPercent(), decision.templateId(), decision.variant(), decision.experimentArm(), renderPlan,
                decision.ctaUrl(), decision.marketing(), false, decision.trigger(), decision.deliveryTtlSeconds(), null,
                decision.decidedAt());
        MessageComposed composed = composer.preview(renderable);
        String previewId = Ids.random("pv-");
        previews.save(new PreviewStore.Preview(previewId, userId, candidate, decision, messageId, null));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("previewId", previewId);
        answer.put("messageId", messageId);
        answer.put("whatsapp", composed.whatsapp());
        if (composed.sms() != null) {
            answer.put("sms", Map.of("text", composed.sms().text(), "segments", composed.sms().segments(),
                    "encoding", composed.sms().encoding(), "characters", composed.sms().characters()));
        }
        answer.put("instagram", composed.instagram());
        answer.put("trackingUrl", composed.trackingUrl());
        answer.put("channelPlan", decision.channelPlan());
        answer.put("decision", summary(decision));
        return answer;
    }

    @PostMapping("/send")
    ResponseEntity<Map<String, String>> send(Caller caller, @RequestBody SendRequest request) {
        String userId = shopper(caller);
        if (request == null || request.previewId() == null || request.previewId().length() > 100) {
            throw ApiProblem.badRequest("previewId is required.");
        }
        PreviewStore.Preview preview = previews.find(request.previewId())
                .orElseThrow(() -> ApiProblem.conflict("preview_expired",
                        "This preview has expired (previews last 15 minutes); open a new one."));
        if (!preview.userId().equals(userId)) {
            throw ApiProblem.notFound("No such preview.");
        }
        if (preview.sentMessageId() != null) {
            return ResponseEntity.accepted().body(Map.of("messageId", preview.sentMessageId()));
        }
        if (carts.of(userId).isEmpty()) {
            throw ApiProblem.conflict("empty_cart", "Your cart is empty now, so there is nothing to remind you of.");
        }
        // Consent and channels are checked again at this instant: they may have changed since the preview.
        Decision decision = engine.evaluate(preview.candidate().withTrigger("demo"), demoOptions(),
                preview.decision().decisionId(), preview.messageId());
        if (decision.outcome() != DecisionOutcome.SEND) {
            throw ApiProblem.conflict(decision.reason(), "Not sent: " + decision.explanation());
        }
        engine.act(decision, preview.candidate(), demoOptions());
        abandonedCart.cancel(userId);
        previews.save(new PreviewStore.Preview(preview.previewId(), userId, preview.candidate(), decision,
                preview.messageId(), decision.messageId()));
        return ResponseEntity.accepted().body(Map.of("messageId", decision.messageId(), "decisionId", decision.decisionId()));
    }

    private Decider.Options demoOptions() {
        return Decider.Options.onDemand(properties.demoTriggerBypassesCaps());
    }

    private Candidate candidate(String userId) {
        Cart cart = carts.of(userId);
        if (cart.isEmpty()) {
            throw ApiProblem.conflict("empty_cart", "Your cart is empty: add a product first.");
        }
        // A demo trigger during checkout still previews the cart reminder.
        Cart open = new Cart(cart.cartId(), cart.lines(), cart.updatedAt(), null);
        return AbandonedCartFlow.evaluate(userId, open, properties, engine.now(), true, Ids.random("demo-"), "demo")
                .orElseThrow();
    }

    private String shopper(Caller caller) {
        if (!properties.demo()) {
            throw ApiProblem.notFound("The demo helpers are off (SBME_DEMO=false).");
        }
        if (caller.role() != Caller.Role.SHOPPER) {
            throw ApiProblem.forbidden("Demo flows are for storefront users.");
        }
        return caller.subject();
    }

    static Map<String, Object> summary(Decision decision) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("decisionId", decision.decisionId());
        summary.put("outcome", decision.outcome());
        summary.put("reason", decision.reason());
        summary.put("explanation", decision.explanation());
        summary.put("product", decision.product());
        summary.put("discountPercent", decision.discountPercent());
        summary.put("templateId", decision.templateId());
        summary.put("variant", decision.variant());
        summary.put("experimentArm", decision.experimentArm());
        summary.put("ctaUrl", decision.ctaUrl());
        summary.put("channelPlan", decision.channelPlan());
        summary.put("notBefore", decision.notBefore());
        return summary;
    }
}
