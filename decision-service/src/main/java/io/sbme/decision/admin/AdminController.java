package io.sbme.decision.admin;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.DecisionLog;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Ids;
import io.sbme.decision.abandonedcart.AbandonedCartFlow;
import io.sbme.decision.abandonedcart.AbandonedCartTimer;
import io.sbme.decision.browse.ViewStore;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.cart.CartStore;
import io.sbme.decision.consent.ConsentView;
import io.sbme.decision.timers.TimerStore;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin control of the flows: trigger the abandoned-cart flow for a user now, force-send a message
 * (bypasses caps and quiet hours, never consent), read the flow configuration, and see a user's
 * recent decisions with their reasons.
 */
@RestController
class AdminController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@\\-]{1,200}");
    private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9_\\-]{1,64}");

    private final DecisionProperties properties;
    private final CartStore carts;
    private final ViewStore views;
    private final ConsentView consent;
    private final DecisionEngine engine;
    private final DecisionLog decisionLog;
    private final TimerStore timers;
    private final AbandonedCartTimer abandonedCart;
    private final AuditLog audit;

    AdminController(DecisionProperties properties, CartStore carts, ViewStore views, ConsentView consent,
                    DecisionEngine engine, DecisionLog decisionLog, TimerStore timers, AbandonedCartTimer abandonedCart,
                    AuditLog audit) {
        this.properties = properties;
        this.carts = carts;
        this.views = views;
        this.consent = consent;
        this.engine = engine;
        this.decisionLog = decisionLog;
        this.timers = timers;
        this.abandonedCart = abandonedCart;
        this.audit = audit;
    }

    /** Trigger request. */
    record TriggerRequest(String userId) {
    }

    /** Force-send request. */
    record ForceSendRequest(String userId, String templateId, String productId, String channel) {
    }

    @PostMapping("/api/v1/admin/flows/abandoned-cart/trigger")
    ResponseEntity<Map<String, Object>> trigger(Caller caller, @RequestBody TriggerRequest request) {
        admin(caller);
        String userId = id(request == null ? null : request.userId(), "userId");
        Cart cart = carts.of(userId);
        if (cart.isEmpty()) {
            audit.recordForUser(userId, caller.subject(), "flow.trigger", null, "refused",
                    Map.of("flow", "abandoned_cart", "reason", "empty_cart"));
            throw ApiProblem.conflict("empty_cart", "This user's cart is empty; there is nothing to remind them of.");
        }
        Cart open = new Cart(cart.cartId(), cart.lines(), cart.updatedAt(), null);
        Candidate candidate = AbandonedCartFlow.evaluate(userId, open, properties, engine.now(), true,
                Ids.random("admin-"), "admin").orElseThrow();
        Decision decision = engine.decide(candidate, Decider.Options.ON_DEMAND, Ids.random("d-"));
        if (decision.outcome() == DecisionOutcome.SEND) {
            abandonedCart.cancel(userId);
        }
        audit.recordForUser(userId, caller.subject(), "flow.trigger", decision.messageId(), decision.outcome().name(),
                details(decision, "abandoned_cart"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decisionId", decision.decisionId());
        answer.put("outcome", decision.outcome());
        answer.put("reason", decision.reason());
        answer.put("explanation", decision.explanation());
        answer.put("channelPlan", decision.channelPlan());
        if (decision.messageId() != null) {
            answer.put("messageId", decision.messageId());
        }
        return ResponseEntity.accepted().body(answer);
    }

    @PostMapping("/api/v1/admin/messages/force-send")
    ResponseEntity<Map<String, Object>> forceSend(Caller caller, @RequestBody ForceSendRequest request) {
        admin(caller);
        if (request == null) {
            throw ApiProblem.badRequest("userId, templateId and productId are required.");
        }
        String userId = id(request.userId(), "userId");
        String productId = id(request.productId(), "productId");
        if (request.templateId() == null || !TEMPLATE.matcher(request.templateId()).matches()) {
            throw ApiProblem.badRequest("templateId must be 1-64 characters of a-z, 0-9, _ and -.");
        }
        Channel channel = null;
        if (request.channel() != null && !request.channel().isBlank()) {
            channel = Channel.fromWire(request.channel()).filter(c -> c == Channel.WHATSAPP || c == Channel.SMS)
                    .orElseThrow(() -> ApiProblem.badRequest("channel must be whatsapp or sms."));
        }
        Product product = carts.of(userId).line(productId)
                .or(() -> views.product(productId))
                .orElse(new Product(productId, null, null, null, null, 1, null, null));
        Candidate candidate = new Candidate(Flow.MANUAL, userId, Ids.random("admin-"), productId, product, null,
                "forced_send", "Sent by admin " + caller.subject() + " with template " + request.templateId() + ".", true,
                "admin", Candidate.productLink(product, false), request.templateId());
        String decisionId = Ids.random("d-");
        Decision decision = engine.evaluate(candidate, Decider.Options.force(channel), decisionId, Ids.messageFor(decisionId));
        if (decision.outcome() != DecisionOutcome.SEND) {
            audit.recordForUser(userId, caller.subject(), "message.force_send", decision.messageId(), "refused",
                    details(decision, "manual"));
            throw ApiProblem.conflict(decision.reason(), "Not sent: " + decision.explanation());
        }
        engine.act(decision, candidate, Decider.Options.force(channel));
        audit.recordForUser(userId, caller.subject(), "message.force_send", decision.messageId(), "sent",
                details(decision, "manual"));
        return ResponseEntity.accepted().body(Map.of("messageId", decision.messageId(), "decisionId",
                decision.decisionId(), "channelPlan", decision.channelPlan()));
    }

    @GetMapping("/api/v1/admin/flows")
    Map<String, Object> flows(Caller caller) {
        admin(caller);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("demo", properties.demo());
        answer.put("activeTimings", properties.active());
        answer.put("flows", List.of(
                Map.of("flow", "abandoned_cart", "delay", properties.active().abandonedCartDelay().toString(),
                        "discountTiers", properties.discountTiers(),
                        "templates", Map.of("A", properties.templateFor(Flow.ABANDONED_CART, "A"),
                                "B", properties.templateFor(Flow.ABANDONED_CART, "B"))),
                Map.of("flow", "price_drop", "rule", properties.priceDrop()),
                Map.of("flow", "checkout_rescue", "delay", properties.active().checkoutRescueDelay().toString()),
                Map.of("flow", "browse_abandonment", "delay", properties.active().browseDelay().toString(),
                        "rule", properties.browse()),
                Map.of("flow", "support_reply", "marketing", false)));
        answer.put("caps", properties.caps());
        answer.put("quietHours", properties.quietHours());
        answer.put("experiment", properties.experiment());
        answer.put("holdExpiry", properties.active().holdExpiry().toString());
        answer.put("deliveryTtl", properties.active().deliveryTtl().toString());
        return answer;
    }

    @GetMapping("/api/v1/admin/decisions")
    Map<String, Object> decisions(Caller caller, @RequestParam String userId) {
        admin(caller);
        id(userId, "userId");
        ConsentState state = consent.of(userId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userId", userId);
        if (state != null) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("status", state.status());
            summary.put("whatsapp", state.allows(Channel.WHATSAPP));
            summary.put("sms", state.allows(Channel.SMS));
            summary.put("preferredChannel", state.preferredChannel());
            summary.put("timeZone", state.timeZone());
            answer.put("consent", summary);
        } else {
            answer.put("consent", null);
        }
        answer.put("cartItems", carts.of(userId).isEmpty() ? 0 : carts.of(userId).items());
        answer.put("pendingTimers", timers.forUser(userId).stream()
                .map(t -> Map.of("id", t.id(), "kind", t.kind(), "dueAt", t.dueAt().toString())).toList());
        answer.put("decisions", decisionLog.recent(userId));
        return answer;
    }

    private static Map<String, String> details(Decision decision, String flow) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("flow", flow);
        details.put("decisionId", decision.decisionId());
        details.put("reason", decision.reason());
        if (decision.messageId() != null) {
            details.put("messageId", decision.messageId());
        }
        return details;
    }

    private static void admin(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Admins only.");
        }
    }

    private static String id(String value, String name) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiProblem.badRequest(name + " is required: 1-200 characters of letters, digits and ._:@-");
        }
        return value;
    }
}
