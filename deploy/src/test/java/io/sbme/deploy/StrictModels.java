package io.sbme.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a manifest as the API server would with strict field validation: into the fabric8 or
 * Strimzi model class of its apiVersion and kind with no unknown field allowed, or, for KEDA,
 * against the CRD's own schema with unknown fields refused.
 */
final class StrictModels {

    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";

    // The models keep unknown fields in "additionalProperties" (an any-setter); without it, an
    // unknown field is an error, as with `kubectl apply --validate=strict`.
    private static final ObjectMapper STRICT = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final JsonSchema KEDA = kedaSchema();

    private StrictModels() {
    }

    /** Every kind this deployment may use. */
    static Set<String> kinds() {
        return java.util.stream.Stream.concat(TYPES.keySet().stream(), java.util.stream.Stream.of(SCALED_OBJECT))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Reads the document strictly; throws naming what is wrong. */
    static Object read(Map<String, Object> document) {
        String key = document.get("apiVersion") + "/" + document.get("kind");
        if (SCALED_OBJECT.equals(key)) {
            Set<ValidationMessage> problems = KEDA.validate(STRICT.valueToTree(document));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.toString());
            }
            return document;
        }
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new IllegalArgumentException("not a kind this deployment knows: " + key);
        }
        return STRICT.convertValue(document, type);
    }

    static ObjectMapper mapper() {
        return STRICT;
    }

    private static JsonSchema kedaSchema() {
        try (InputStream crd = StrictModels.class.getResourceAsStream("/schemas/keda.sh_scaledobjects.yaml")) {
            Map<String, Object> definition = new Yaml().load(crd);
            JsonNode schema = STRICT.valueToTree(definition)
                    .at("/spec/versions/0/schema/openAPIV3Schema");
            refuseUnknownFields(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A CRD's schema lists an object's fields without forbidding others (the API server prunes
    // them); strict validation refuses them, so the schema is made to say so.
    private static void refuseUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext();) {
                refuseUnknownFields(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(StrictModels::refuseUnknownFields);
        }
    }
}
