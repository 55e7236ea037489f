package io.sbme.deploy;

import static io.sbme.deploy.Overlay.list;
import static io.sbme.deploy.Overlay.map;
import static io.sbme.deploy.Overlay.nameOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.sbme.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kubernetes base and both overlays, read as strictly as the API server and its operators would. */
class KubernetesManifestsTest {

    private static final List<String> SERVICES = List.of("gateway-service", "event-ingest-service", "consent-service",
            "decision-service", "composer-service", "dispatcher-service", "tracking-service", "dashboard-service");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void everyDocumentReadsStrictlyAsItsKind(String overlay) {
        for (Map<String, Object> doc : Overlay.of(overlay).documents()) {
            assertThatCode(() -> StrictModels.read(doc))
                    .as("%s %s in %s", doc.get("kind"), nameOf(doc), overlay)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void strictReadingRefusesAnUnknownOrMisspelledField() {
        Map<String, Object> deployment = new HashMap<>(Overlay.of("overlays/local").named("Deployment", "gateway-service"));
        deployment.put("spce", Map.of());
        assertThatThrownBy(() -> StrictModels.read(deployment)).hasMessageContaining("spce");

        Map<String, Object> scaled = new HashMap<>(Overlay.of("overlays/local").named("ScaledObject", "dispatcher-service"));
        Map<String, Object> spec = new HashMap<>(map(scaled, "spec"));
        spec.put("maxReplicas", 3);
        scaled.put("spec", spec);
        assertThatThrownBy(() -> StrictModels.read(scaled)).hasMessageContaining("maxReplicas");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void everyPodRunsRestrictedWithProbesOnItsManagementPort(String overlay) {
        for (PodSpec pod : pods(Overlay.of(overlay))) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(container.getName()).containsKey("memory");
                assertThat(container.getReadinessProbe()).as(container.getName()).isNotNull();
                assertThat(container.getLivenessProbe()).as(container.getName()).isNotNull();
                Stream.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())
                        .filter(Objects::nonNull)
                        .map(KubernetesManifestsTest::httpPortName)
                        .filter(Objects::nonNull)
                        .forEach(port -> assertThat(container.getPorts()).extracting(ContainerPort::getName)
                                .as("%s probes port %s", container.getName(), port).contains(port));
            }
        }
        Overlay rendered = Overlay.of(overlay);
        for (String service : SERVICES) {
            Deployment deployment = read(rendered.named("Deployment", service), Deployment.class);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getStartupProbe()).as(service).isNotNull();
            assertThat(httpPortName(container.getReadinessProbe())).as(service).isEqualTo("management");
            assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).as(service).isNotEmpty();
            assertThat(deployment.getSpec().getSelector().getMatchLabels().entrySet())
                    .as(service).isSubsetOf(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void everyReferenceResolvesWithinTheOverlay(String overlay) {
        Overlay rendered = Overlay.of(overlay);
        for (Map<String, Object> service : rendered.ofKind("Service")) {
            Map<String, Object> selector = map(map(service, "spec"), "selector");
            assertThat(rendered.documents()).as("Service %s selects a workload", nameOf(service))
                    .anySatisfy(doc -> assertThat(map(map(map(map(doc, "spec"), "template"), "metadata"), "labels").entrySet())
                            .containsAll(selector.entrySet()));
        }
        Stream.of("PodDisruptionBudget", "HorizontalPodAutoscaler", "ScaledObject")
                .flatMap(kind -> rendered.ofKind(kind).stream())
                .forEach(doc -> {
                    String target = Objects.requireNonNullElse((String) map(map(doc, "spec"), "scaleTargetRef").get("name"),
                            (String) map(map(map(doc, "spec"), "selector"), "matchLabels").get("app"));
                    assertThat(rendered.has("Deployment", target) || rendered.has("StatefulSet", target))
                            .as("%s %s targets %s", doc.get("kind"), nameOf(doc), target).isTrue();
                });
        for (Map<String, Object> scaled : rendered.ofKind("ScaledObject")) {
            Map<String, Object> trigger = map((Map<String, Object>) (Object) list(map(scaled, "spec"), "triggers").getFirst(), "metadata");
            assertThat(Topics.all()).as("ScaledObject %s reads lag of a real topic", nameOf(scaled)).contains((String) trigger.get("topic"));
            assertThat(trigger.get("consumerGroup")).as("consumer groups are named after their service").isEqualTo(nameOf(scaled));
        }
        for (Map<String, Object> doc : rendered.documents()) {
            assertThat(StrictModels.kinds()).contains(doc.get("apiVersion") + "/" + doc.get("kind"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void noSecretIsShippedAndTheVaultKeyIsRequired(String overlay) throws IOException {
        Overlay rendered = Overlay.of(overlay);
        assertThat(rendered.ofKind("Secret")).isEmpty();
        assertThat(map(rendered.named("ConfigMap", "sbme-config"), "data"))
                .containsEntry("SBME_VAULT_MASTER_KEY_REQUIRED", "true")
                .containsEntry("SBME_KAFKA_CREATE_TOPICS", "false")
                .doesNotContainKeys("SBME_ADMIN_PASSWORD", "SBME_INTERNAL_SECRET", "SBME_VAULT_MASTER_KEY");
        // The Secret every workload reads is created by hand; the README says how, key by key.
        String readme = Files.readString(Overlay.K8S.resolve("README.md"));
        assertThat(readme).contains("create secret generic sbme-secrets", "SBME_VAULT_MASTER_KEY=", "SBME_INTERNAL_SECRET=");
        for (Map<String, Object> doc : rendered.documents()) {
            assertThat(doc.toString()).doesNotContainIgnoringCase("change-me");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/production"})
    void onlyTheGatewayTakesTrafficFromAnywhere(String overlay) {
        Overlay rendered = Overlay.of(overlay);
        NetworkPolicy denyAll = read(rendered.named("NetworkPolicy", "default-deny"), NetworkPolicy.class);
        assertThat(denyAll.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(denyAll.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        for (Map<String, Object> doc : rendered.ofKind("NetworkPolicy")) {
            NetworkPolicy policy = read(doc, NetworkPolicy.class);
            policy.getSpec().getIngress().stream()
                    .filter(rule -> rule.getFrom() == null || rule.getFrom().isEmpty())
                    .forEach(open -> assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                            .as("NetworkPolicy %s opens ingress from anywhere", nameOf(doc))
                            .containsEntry("app", "gateway-service"));
        }
        for (String service : SERVICES) {
            assertThat(rendered.ofKind("NetworkPolicy")).as("%s takes some traffic", service)
                    .anySatisfy(doc -> assertThat(map(map(map(doc, "spec"), "podSelector"), "matchLabels"))
                            .containsEntry("app", service));
        }
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsDeclaredThreeTimesReplicated() {
        Overlay production = Overlay.of("overlays/production");
        Map<String, KafkaTopic> declared = new HashMap<>();
        production.ofKind("KafkaTopic").forEach(doc -> {
            KafkaTopic topic = read(doc, KafkaTopic.class);
            declared.put(topic.getSpec().getTopicName(), topic);
        });
        for (String name : Topics.all()) {
            for (String topicName : List.of(name, name + "-dlt")) {
                assertThat(declared).as("a KafkaTopic for %s", topicName).containsKey(topicName);
                KafkaTopic topic = declared.get(topicName);
                assertThat(topic.getSpec().getReplicas()).as(topicName).isEqualTo(3);
                assertThat(topic.getSpec().getConfig()).as(topicName).containsEntry("min.insync.replicas", 2);
                assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "sbme");
            }
            assertThat(Objects.equals(declared.get(name).getSpec().getConfig().get("cleanup.policy"), "compact"))
                    .as("%s compacted", name).isEqualTo(Topics.compacted(name));
        }
        assertThat(declared.get(Topics.COMPOSED_MESSAGES).getSpec().getPartitions())
                .as("the dispatcher's parallelism").isEqualTo(12);
        assertThat(declared).containsKeys(Topics.COMPOSED_MESSAGES + "-retry-0", Topics.COMPOSED_MESSAGES + "-retry-2");
    }

    @Test
    void theSandboxRunsLocallyAndProductionServesOnlyTlsThroughAnIngress() {
        Overlay local = Overlay.of("overlays/local");
        Overlay production = Overlay.of("overlays/production");
        assertThat(local.has("Deployment", "provider-sandbox")).isTrue();
        assertThat(production.has("Deployment", "provider-sandbox")).isFalse();
        assertThat(map(production.named("ConfigMap", "sbme-config"), "data"))
                .doesNotContainKey("SBME_SANDBOX_URL")
                .containsEntry("SBME_WHATSAPP_BASE_URL", "https://graph.facebook.com")
                .containsEntry("SBME_DEMO", "false");
        Map<String, Object> ingress = production.named("Ingress", "sbme");
        assertThat(list(map(ingress, "spec"), "tls")).isNotEmpty();
        for (Map<String, Object> service : production.ofKind("Service")) {
            assertThat(map(service, "spec").get("type")).as(nameOf(service)).isIn(null, "ClusterIP");
        }
    }

    private static List<PodSpec> pods(Overlay overlay) {
        return Stream.concat(
                overlay.ofKind("Deployment").stream().map(doc -> read(doc, Deployment.class).getSpec().getTemplate().getSpec()),
                overlay.ofKind("StatefulSet").stream().map(doc -> read(doc, StatefulSet.class).getSpec().getTemplate().getSpec()))
                .toList();
    }

    private static String httpPortName(Probe probe) {
        return probe.getHttpGet() == null ? null : probe.getHttpGet().getPort().getStrVal();
    }

    private static <T> T read(Map<String, Object> doc, Class<T> type) {
        return type.cast(StrictModels.read(doc));
    }
}
