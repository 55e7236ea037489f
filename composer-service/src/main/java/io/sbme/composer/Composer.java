package io.sbme.composer;

import io.sbme.composer.render.RenderInput;
import io.sbme.composer.render.Renderer;
import io.sbme.composer.render.Renditions;
import io.sbme.composer.render.TrackingLink;
import io.sbme.composer.template.Template;
import io.sbme.composer.template.TemplateStore;
import io.sbme.contracts.Channel;
import io.sbme.contracts.Decision;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Product;
import io.sbme.support.catalog.CatalogView;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a SEND decision into a composed message: picks the template, makes the tracking link, renders.
 * The product's name, image, price and link come from the catalog by the decision's product id,
 * never from the decision (whose product began as a shopper's event): a product the catalog does
 * not sell is left out of the message, which then reads as the template's generic text.
 */
@Component
class Composer {

    private static final Logger log = LoggerFactory.getLogger(Composer.class);

    private final TemplateStore templates;
    private final ComposerProperties properties;
    private final Renderer renderer;
    private final Clock clock;
    private final CatalogView catalog;

    Composer(TemplateStore templates, ComposerProperties properties, Clock clock, CatalogView catalog) {
        this.templates = templates;
        this.catalog = catalog;
        this.properties = properties;
        this.renderer = new Renderer(properties.publicBaseUrl(), properties.storeName());
        this.clock = clock;
    }

    MessageComposed compose(Decision decision) {
        Product product = catalog.priced(decision.product()).orElse(null);
        if (product == null && decision.product() != null) {
            log.info("message {}: product {} is not in the catalog; the message names no product", decision.messageId(),
                    decision.product().productId());
        }
        return render(decision, product);
    }

    /** Renders with a product the caller already vouches for (the catalog's, or an admin's preview sample). */
    MessageComposed render(Decision decision, Product product) {
        Template template = templates.resolve(decision.templateId(), decision.flow(), decision.variant());
        String code = TrackingLink.code(properties.linkSecret(), decision.messageId());
        String trackingUrl = TrackingLink.url(properties.publicBaseUrl(), code);
        Renditions renditions = renderer.render(template, new RenderInput(decision.messageId(),
                product == null ? null : product.name(), decision.discountPercent(),
                product == null ? null : product.imageUrl(), code, trackingUrl, null));
        String destination = decision.ctaUrl() != null ? decision.ctaUrl()
                : product != null && product.url() != null ? product.url() : "/";
        List<Channel> plan = decision.channelPlan() == null || decision.channelPlan().isEmpty()
                ? List.of(Channel.WHATSAPP, Channel.SMS) : decision.channelPlan();
        return new MessageComposed(MessageComposed.SCHEMA_VERSION, decision.messageId(), decision.decisionId(),
                decision.userId(), decision.flow(), decision.variant() != null ? decision.variant() : template.variant(),
                decision.experimentArm(), template.id(), template.version(), plan,
                renditions.whatsapp(), renditions.sms(), renditions.instagram(), trackingUrl, destination, product,
                decision.discountPercent(), decision.marketing(), decision.deliveryTtlSeconds(), clock.instant());
    }
}
