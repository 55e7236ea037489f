package io.sbme.sandbox.whatsapp;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a Cloud API send request the way Meta does before accepting it: product, recipient,
 * message type and the parts each type requires, and that a template is approved. Pure.
 */
final class CloudApiValidator {

    private static final Set<String> COMPONENT_TYPES = Set.of("header", "body", "footer", "button");

    private CloudApiValidator() {
    }

    /** The refusal Meta would answer, or empty when the request is well formed. */
    static Optional<GraphError> validate(JsonNode request, Collection<String> approvedTemplates) {
        if (request == null || !request.isObject()) {
            return Optional.of(GraphError.invalidParameter("The request body must be a JSON object."));
        }
        JsonNode product = request.path("messaging_product");
        if (!product.isString()) {
            return Optional.of(GraphError.invalidParameter("The parameter messaging_product is required."));
        }
        if (!"whatsapp".equals(product.stringValue())) {
            return Optional.of(GraphError.invalidParameter("messaging_product must be whatsapp."));
        }
        JsonNode recipientType = request.path("recipient_type");
        if (!recipientType.isMissingNode() && !"individual".equals(recipientType.asString(""))) {
            return Optional.of(GraphError.invalidParameter("recipient_type must be individual."));
        }
        if (!request.path("to").isString() || request.path("to").stringValue().isBlank()) {
            return Optional.of(GraphError.missing("The parameter to is required."));
        }
        if (normalise(request.path("to").stringValue()) == null) {
            return Optional.of(GraphError.notValid("Recipient phone number not valid: to must be a phone number in international format."));
        }
        JsonNode opaque = request.path("biz_opaque_callback_data");
        if (!opaque.isMissingNode() && (!opaque.isString() || opaque.stringValue().length() > 512)) {
            return Optional.of(GraphError.notValid("biz_opaque_callback_data must be a string of at most 512 characters."));
        }
        String type = request.path("type").asString("text");
        return switch (type) {
            case "text" -> text(request.path("text"));
            case "template" -> template(request.path("template"), approvedTemplates);
            case "interactive" -> interactive(request.path("interactive"));
            default -> Optional.of(GraphError.notValid("type must be text, template or interactive; was " + type + "."));
        };
    }

    /** The recipient as E.164 with a leading {@code +}; null when it is not a plausible number. */
    static String normalise(String to) {
        String digits = to.replaceAll("[\\s()\\-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        return digits.matches("[1-9]\\d{6,14}") ? "+" + digits : null;
    }

    private static Optional<GraphError> text(JsonNode text) {
        if (!text.path("body").isString() || text.path("body").stringValue().isBlank()) {
            return Optional.of(GraphError.missing("The parameter text['body'] is required."));
        }
        if (text.path("body").stringValue().length() > 4096) {
            return Optional.of(GraphError.notValid("text['body'] is longer than 4096 characters."));
        }
        return Optional.empty();
    }

    private static Optional<GraphError> template(JsonNode template, Collection<String> approved) {
        if (!template.path("name").isString() || template.path("name").stringValue().isBlank()) {
            return Optional.of(GraphError.missing("The parameter template['name'] is required."));
        }
        if (!template.path("language").path("code").isString()) {
            return Optional.of(GraphError.missing("The parameter template['language']['code'] is required."));
        }
        String name = template.path("name").stringValue();
        if (!approved.contains(name)) {
            return Optional.of(GraphError.unknownTemplate(name, template.path("language").path("code").stringValue()));
        }
        JsonNode components = template.path("components");
        if (components.isMissingNode()) {
            return Optional.empty();
        }
        if (!components.isArray()) {
            return Optional.of(GraphError.notValid("template['components'] must be an array."));
        }
        for (JsonNode component : components) {
            String componentType = component.path("type").asString("");
            if (!COMPONENT_TYPES.contains(componentType)) {
                return Optional.of(GraphError.notValid("Unknown template component type '" + componentType + "'."));
            }
            if ("button".equals(componentType)
                    && (!component.path("sub_type").isString() || component.path("index").isMissingNode())) {
                return Optional.of(GraphError.missing("A button component needs sub_type and index."));
            }
            for (JsonNode parameter : component.path("parameters")) {
                if (!parameter.path("type").isString()) {
                    return Optional.of(GraphError.missing("Every template parameter needs a type."));
                }
                String parameterType = parameter.path("type").stringValue();
                if (!parameter.has(parameterType) && !"payload".equals(parameterType)) {
                    return Optional.of(GraphError.missing("A parameter of type " + parameterType + " needs a '"
                            + parameterType + "' member."));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<GraphError> interactive(JsonNode interactive) {
        String type = interactive.path("type").asString("");
        if (type.isEmpty()) {
            return Optional.of(GraphError.missing("The parameter interactive['type'] is required."));
        }
        JsonNode action = interactive.path("action");
        switch (type) {
            case "cta_url" -> {
                if (!"cta_url".equals(action.path("name").asString(""))) {
                    return Optional.of(GraphError.missing("interactive['action']['name'] must be cta_url."));
                }
                JsonNode parameters = action.path("parameters");
                String label = parameters.path("display_text").asString("");
                String url = parameters.path("url").asString("");
                if (label.isBlank() || url.isBlank()) {
                    return Optional.of(GraphError.missing("cta_url needs action.parameters.display_text and url."));
                }
                if (label.length() > 20) {
                    return Optional.of(GraphError.notValid("display_text is longer than 20 characters."));
                }
                if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    return Optional.of(GraphError.notValid("action.parameters.url must be an http(s) URL."));
                }
            }
            case "button" -> {
                if (!action.path("buttons").isArray() || action.path("buttons").isEmpty()) {
                    return Optional.of(GraphError.missing("interactive['action']['buttons'] is required."));
                }
            }
            case "list" -> {
                if (!action.path("sections").isArray() || action.path("sections").isEmpty()) {
                    return Optional.of(GraphError.missing("interactive['action']['sections'] is required."));
                }
            }
            default -> {
                return Optional.of(GraphError.notValid("interactive type " + type + " is not supported."));
            }
        }
        String body = interactive.path("body").path("text").asString("");
        if (body.isBlank()) {
            return Optional.of(GraphError.missing("The parameter interactive['body']['text'] is required."));
        }
        if (body.length() > 1024) {
            return Optional.of(GraphError.notValid("interactive['body']['text'] is longer than 1024 characters."));
        }
        return Optional.empty();
    }
}
