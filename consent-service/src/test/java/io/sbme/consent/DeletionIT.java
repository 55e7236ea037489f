package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.sbme.contracts.PrivacyAck;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** Deleting a user wipes consent-service's state, tombstones consent-state and collects every service's confirmation. */
class DeletionIT extends ConsentStageTest {

    @Autowired
    ContractPublisher publisher;

    @Test
    void deletingMyselfLeavesNoTraceOfMyIdOrNumberAndConsentServiceConfirms() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);

        MvcResult deleted = perform(asShopper(delete("/api/v1/me"), userId));

        assertThat(deleted.getResponse().getStatus()).isEqualTo(202);
        String requestId = body(deleted).get("requestId").asString();
        assertThat(deleted.getResponse().getHeader(HttpHeaders.SET_COOKIE)).startsWith("sbme_uid=;").contains("Max-Age=0");
        assertThat(resolve(userId, "sms").getResponse().getStatus()).isEqualTo(404);
        assertThat(consentStates(userId).getLast()).as("consent-state tombstone").isNull();
        PrivacyRequest request = records(Topics.PRIVACY_REQUESTS).stream()
                .map(r -> ContractJson.read(r.value(), PrivacyRequest.class))
                .filter(r -> requestId.equals(r.requestId())).findFirst().orElseThrow();
        assertThat(request.userId()).isEqualTo(userId);
        assertThat(request.kind()).isEqualTo(PrivacyRequest.ERASE);
        assertThat(request.requestedBy()).isEqualTo("self");
        await().atMost(Duration.ofSeconds(20)).until(() -> records(Topics.PRIVACY_ACKS).stream()
                .filter(r -> requestId.equals(r.key()))
                .map(r -> ContractJson.read(r.value(), PrivacyAck.class))
                .anyMatch(ack -> ack.service().equals("consent-service")));
        await().atMost(Duration.ofSeconds(20)).until(() -> confirmed(requestId, "consent-service"));
        redisDump().forEach((key, value) -> {
            assertThat(key).doesNotContain(userId, phone.substring(3));
            assertThat(value).as(key).doesNotContain(userId, phone.substring(3));
        });
        assertThat(body(me(userId)).get("status").asString()).isEqualTo("anonymous");
        await().atMost(Duration.ofSeconds(10)).until(() -> auditFor(requestId).size() == 1);
        assertThat(value(auditFor(requestId).getFirst())).contains("\"action\":\"user.deleted\"").doesNotContain(userId);
    }

    @Test
    void theAdminSeesWhichServicesConfirmedAndFindsTheDeletedIdByItsRequest() throws Exception {
        String userId = newUserId();
        optIn(userId, newIndianMobile());

        MvcResult deleted = perform(asAdmin(delete("/api/v1/admin/users/" + userId)));
        String requestId = body(deleted).get("requestId").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> confirmed(requestId, "consent-service"));
        JsonNode partial = privacyRequest(requestId);
        for (String service : List.of("decision-service", "dispatcher-service", "tracking-service", "dashboard-service")) {
            publisher.publishAndWait(Topics.PRIVACY_ACKS, requestId,
                    new PrivacyAck(PrivacyAck.SCHEMA_VERSION, requestId, service, 1, Instant.now()), Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> privacyRequest(requestId).get("complete").asBoolean());

        assertThat(deleted.getResponse().getStatus()).isEqualTo(202);
        assertThat(partial.get("requestedBy").asString()).isEqualTo("alice-admin");
        assertThat(partial.get("complete").asBoolean()).isFalse();
        assertThat(partial.get("services").valueStream().map(s -> s.get("service").asString())).containsExactly(
                "consent-service", "decision-service", "dispatcher-service", "tracking-service", "dashboard-service");
        assertThat(text(perform(asAdmin(get("/api/v1/admin/privacy-requests/" + requestId))))).doesNotContain(userId);
        JsonNode complete = privacyRequest(requestId);
        assertThat(complete.get("services").valueStream().allMatch(s -> s.get("confirmed").asBoolean()
                && !s.get("at").isNull())).isTrue();
        JsonNode user = body(perform(asAdmin(get("/api/v1/admin/users/" + userId))));
        assertThat(user.get("status").asString()).isEqualTo("deleted");
        assertThat(user.get("requestId").asString()).isEqualTo(requestId);
        JsonNode search = body(perform(asAdmin(get("/api/v1/admin/users").param("query", userId))));
        assertThat(search.get("users").get(0).get("status").asString()).isEqualTo("deleted");
        JsonNode recent = body(perform(asAdmin(get("/api/v1/admin/privacy-requests"))));
        assertThat(recent.get("requests").valueStream().map(r -> r.get("requestId").asString())).contains(requestId);
    }

    private boolean confirmed(String requestId, String service) throws Exception {
        return privacyRequest(requestId).get("services").valueStream()
                .anyMatch(s -> s.get("service").asString().equals(service) && s.get("confirmed").asBoolean());
    }

    private JsonNode privacyRequest(String requestId) throws Exception {
        MvcResult result = perform(asAdmin(get("/api/v1/admin/privacy-requests/" + requestId)));
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return body(result);
    }

    private List<ConsumerRecord<String, byte[]>> auditFor(String requestId) {
        return records(Topics.AUDIT_LOG).stream().filter(r -> value(r).contains("\"subject\":\"" + requestId + "\""))
                .toList();
    }
}
