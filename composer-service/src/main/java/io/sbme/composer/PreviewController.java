package io.sbme.composer;

import io.sbme.composer.template.TemplateStore;
import io.sbme.support.catalog.CatalogView;
import io.sbme.contracts.Channel;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Product;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Renders messages without sending them: for decision-service (internal) and for admins. */
@RestController
class PreviewController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    static final Product SAMPLE = new Product("p-aurora-lamp", "AUR-01", "Aurora Desk Lamp", new BigDecimal("2499.00"),
            "INR", 1, "/img/products/aurora-lamp.svg", "/?product=p-aurora-lamp");

    private final Composer composer;
    private final TemplateStore templates;
    private final Clock clock;
    private final CatalogView catalog;

    PreviewController(Composer composer, TemplateStore templates, Clock clock, CatalogView catalog) {
        this.composer = composer;
        this.catalog = catalog;
        this.templates = templates;
        this.clock = clock;
    }

    /** decision-service asks for the message a decision would produce; nothing is published. */
    @PostMapping("/internal/compose/preview")
    MessageComposed compose(Caller caller, @RequestBody Decision decision) {
        if (caller.role() != Caller.Role.SERVICE && !caller.isAdmin()) {
            throw ApiProblem.forbidden("Only services may ask for a composed preview.");
        }
        if (decision == null || decision.userId() == null || decision.flow() == null) {
            throw ApiProblem.badRequest("A decision with userId and flow is required.");
        }
        if (decision.messageId() != null && !ID.matcher(decision.messageId()).matches()) {
            throw ApiProblem.badRequest("messageId must be 1-64 letters, digits, '_' or '-'.");
        }
        Decision withId = decision.messageId() != null ? decision : withMessageId(decision, "preview-" + UUID.randomUUID());
        return composer.compose(withId);
    }

    record AdminPreview(String templateId, String userId, String productId) {
    }

    @PostMapping("/api/v1/admin/preview")
    MessageComposed adminPreview(Caller caller, @RequestBody AdminPreview request) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Previews are for admins.");
        }
        if (request == null || request.templateId() == null) {
            throw ApiProblem.badRequest("templateId is required.");
        }
        if (request.productId() != null && !ID.matcher(request.productId()).matches()) {
            throw ApiProblem.badRequest("productId must be 1-64 letters, digits, '_' or '-'.");
        }
        if (request.userId() != null && !ID.matcher(request.userId()).matches()) {
            throw ApiProblem.badRequest("userId must be 1-64 letters, digits, '_' or '-'.");
        }
        var template = templates.find(request.templateId())
                .orElseThrow(() -> ApiProblem.notFound("No template '" + request.templateId() + "'."));
        String productId = request.productId() == null ? SAMPLE.productId() : request.productId();
        Product product = catalog.priced(new Product(productId, null, null, null, null, 1, null, null))
                .orElseGet(() -> productId.equals(SAMPLE.productId()) ? SAMPLE
                        : new Product(productId, null, humanName(productId), SAMPLE.price(), SAMPLE.currency(), 1,
                        SAMPLE.imageUrl(), "/?product=" + productId));
        Decision decision = new Decision(Decision.SCHEMA_VERSION, "preview", "preview-" + UUID.randomUUID(), null,
                request.userId() == null ? "u-preview" : request.userId(), template.flow(), DecisionOutcome.SEND,
                "admin_preview", "Admin preview", product, 10, template.id(), template.variant(), template.variant(),
                List.of(Channel.WHATSAPP, Channel.SMS, Channel.INSTAGRAM), product.url(), true, false, "admin", 0, null,
                clock.instant());
        return composer.render(decision, product);
    }

    /** {@code p-blue-mug} → {@code Blue Mug}: for a product the catalog does not have yet, a readable name. */
    private static String humanName(String productId) {
        String words = productId.startsWith("p-") ? productId.substring(2) : productId;
        return Arrays.stream(words.split("[-_]+")).filter(w -> !w.isEmpty())
                .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
                .collect(Collectors.joining(" "));
    }

    private static Decision withMessageId(Decision d, String messageId) {
        return new Decision(d.schemaVersion(), d.decisionId(), messageId, d.eventId(), d.userId(), d.flow(), d.outcome(),
                d.reason(), d.explanation(), d.product(), d.discountPercent(), d.templateId(), d.variant(),
                d.experimentArm(), d.channelPlan(), d.ctaUrl(), d.marketing(), d.forced(), d.trigger(),
                d.deliveryTtlSeconds(), d.notBefore(), d.decidedAt());
    }
}
