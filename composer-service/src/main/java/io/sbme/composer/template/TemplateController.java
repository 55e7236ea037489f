package io.sbme.composer.template;

import io.sbme.composer.ComposerProperties;
import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.Flow;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists and edits templates (admins only); every save is a new version and an audit entry. */
@RestController
class TemplateController {

    private final TemplateStore store;
    private final TemplateRules rules;
    private final ObjectProvider<AuditLog> audit;
    private final Clock clock;

    TemplateController(TemplateStore store, ComposerProperties properties, ObjectProvider<AuditLog> audit, Clock clock) {
        this.store = store;
        this.rules = new TemplateRules(properties.smsSegmentLimit(), properties.publicBaseUrl());
        this.audit = audit;
        this.clock = clock;
    }

    /** The editable part of a template; id and version come from the path and the store. */
    record TemplateUpdate(Flow flow, String variant, String locale, Template.WhatsAppPart whatsapp, String sms,
                          String instagram, Map<String, String> defaults) {
    }

    @GetMapping("/api/v1/admin/templates")
    List<Template> list(Caller caller) {
        requireAdmin(caller);
        return store.all();
    }

    @GetMapping("/api/v1/admin/templates/{templateId}/history")
    List<Template> history(Caller caller, @PathVariable String templateId,
                           @RequestParam(defaultValue = "20") int limit) {
        requireAdmin(caller);
        if (store.find(templateId).isEmpty()) {
            throw ApiProblem.notFound("No template '" + ContractBounds.cut(templateId) + "'.");
        }
        return store.history(templateId, Math.clamp(limit, 1, 50));
    }

    @PutMapping("/api/v1/admin/templates/{templateId}")
    Template save(Caller caller, @PathVariable String templateId, @RequestBody TemplateUpdate update) {
        requireAdmin(caller);
        if (update == null) {
            throw ApiProblem.badRequest("A template body is required.");
        }
        Template existing = store.find(templateId).orElse(null);
        Flow flow = update.flow() != null ? update.flow() : existing == null ? null : existing.flow();
        Template candidate = new Template(templateId, flow,
                update.variant() != null ? update.variant() : existing == null ? "A" : existing.variant(),
                update.locale() != null ? update.locale() : existing == null ? "en" : existing.locale(),
                0, update.whatsapp(), update.sms(), update.instagram(),
                update.defaults() != null ? update.defaults() : existing == null ? Map.of() : existing.defaults(),
                caller.subject(), clock.instant());
        if (candidate.variant().length() > 32 || candidate.locale().length() > 16) {
            throw ApiProblem.badRequest("variant may have at most 32 characters and locale at most 16.");
        }
        List<String> problems = rules.problems(candidate);
        if (!problems.isEmpty()) {
            throw new ApiProblem(400, "Bad Request", "The template cannot be saved: " + String.join("; ", problems),
                    Map.of("problems", problems));
        }
        Template saved = store.save(candidate);
        audit.ifAvailable(log -> log.record(caller.subject(), "template.updated", saved.id(), "ok",
                Map.of("version", String.valueOf(saved.version()), "flow", saved.flow().wireName())));
        return saved;
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Templates are for admins.");
        }
    }
}
