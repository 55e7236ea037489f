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
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns a SEND decision into a composed message: picks the template, makes the tracking link, renders. */
@Component
class Composer {

    private final TemplateStore templates;
    private final ComposerProperties properties;
    private final Renderer renderer;
    private final Clock clock;

    Composer(TemplateStore templates, ComposerProperties properties, Clock clock) {
        this.templates = templates;
        this.properties = properties;
        this.renderer = new Renderer(properties.publicBaseUrl());
        this.clock = clock;
    }

    MessageComposed compose(Decision decision) {
        Template template = templates.resolve(decision.templateId(), decision.flow(), decision.variant());
        String code = TrackingLink.code(properties.linkSecret(), decision.messageId());
        String trackingUrl = TrackingLink.url(properties.publicBaseUrl(), code);
        Product product = decision.product();
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
