package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConsentFlowIT extends ConsentStageTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void anAnonymousUserGetsAnEmptyProfileAndNothingIsStoredForThem() throws Exception {
        String userId = newUserId();

        MvcResult result = me(userId);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(result)).isEqualTo(JSON.readTree("{\"userId\":\"" + userId + "\",\"maskedPhone\":null,"
                + "\"consent\":{\"whatsapp\":false,\"sms\":false},\"preferredChannel\":null,\"status\":\"anonymous\","
                + "\"confirmationChannel\":null}"));
        assertThat(redisDump().toString()).doesNotContain(userId);
    }

    @Test
    void optInWithANationalNumberStoresTheMaskedProfilePendingItsOwnersConfirmationAndPublishesItsState()
            throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        String national = phone.substring(3, 8) + " " + phone.substring(8);

        MvcResult result = perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"phone\":\"" + national + "\",\"channels\":[\"whatsapp\",\"sms\"],\"preferredChannel\":\"whatsapp\","
                        + "\"consentTextVersion\":\"v1\"}"));

        String masked = "+91 ••••••" + phone.substring(phone.length() - 4);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(result)).isEqualTo(JSON.readTree("{\"userId\":\"" + userId + "\",\"maskedPhone\":\"" + masked
                + "\",\"consent\":{\"whatsapp\":false,\"sms\":false},\"preferredChannel\":\"whatsapp\","
                + "\"status\":\"pending\",\"confirmationChannel\":\"whatsapp\"}"));
        assertThat(body(me(userId)).get("maskedPhone").asString()).isEqualTo(masked);
        ConsentState state = lastState(userId);
        assertThat(state.status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(state.maskedPhone()).isEqualTo(masked);
        assertThat(state.change()).isEqualTo("confirmation_requested");
        assertThat(state.confirmationChannel()).isEqualTo(io.sbme.contracts.Channel.WHATSAPP);
        assertThat(state.regionCode()).isEqualTo("IN");
        assertThat(state.timeZone()).isEqualTo("Asia/Calcutta");
        assertThat(state.consent()).isEqualTo(new ConsentState.ChannelConsent(false, false));
        assertThat(state.numberKey()).isNotBlank().doesNotContain(phone.substring(3));
    }

    @Test
    void resolveAnswersTheNumberOnlyForAConsentedChannelAndAuditsItWithoutTheNumber() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);
        perform(json(asShopper(post("/api/v1/me/consent/revoke"), userId), "{\"channels\":[\"whatsapp\"]}"));

        MvcResult sms = perform(json(asService(post("/internal/vault/resolve"), "dispatcher-service"),
                "{\"userId\":\"" + userId + "\",\"channel\":\"sms\",\"messageId\":\"m-resolve-sms-" + userId + "\"}"));
        MvcResult whatsapp = resolve(userId, "whatsapp");
        MvcResult unknown = resolve(newUserId(), "sms");

        assertThat(sms.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(sms).get("phone").asString()).isEqualTo(phone);
        assertThat(body(sms).get("maskedPhone").asString()).endsWith(phone.substring(phone.length() - 4));
        assertThat(whatsapp.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(whatsapp).get("reason").asString()).isEqualTo("no_consent");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> records(Topics.AUDIT_LOG).stream()
                .map(ConsentStageTest::value).anyMatch(v -> v.contains("m-resolve-sms-" + userId)
                        && v.contains("\"action\":\"vault.resolved\"") && v.contains("\"actor\":\"dispatcher-service\"")));
        assertThat(meters.get("sbme.vault.resolves").tag("outcome", "ok").counter().count()).isPositive();
    }

    @Test
    void aBatchOfResolvesAnswersEachEntryOnItsOwnInOrderAndAuditsEach() throws Exception {
        String consented = newUserId();
        String phone = newIndianMobile();
        optIn(consented, phone);
        String unknown = newUserId();
        String tag = "m-batch-" + consented;
        String body = """
                {"requests":[
                  {"userId":"%s","channel":"sms","messageId":"%s-1"},
                  {"userId":"%s","channel":"sms","messageId":"%s-2"},
                  {"userId":"%s","channel":"carrier-pigeon","messageId":"%s-3"},
                  {"userId":"%s","channel":"whatsapp","messageId":"%s-4"}]}"""
                .formatted(consented, tag, unknown, tag, consented, tag, consented, tag);
        perform(json(asShopper(post("/api/v1/me/consent/revoke"), consented), "{\"channels\":[\"whatsapp\"]}"));

        MvcResult batch = perform(json(asService(post("/internal/vault/resolve-batch"), "dispatcher-service"), body));

        assertThat(batch.getResponse().getStatus()).isEqualTo(200);
        JsonNode results = body(batch).get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).get("phone").asString()).isEqualTo(phone);
        assertThat(results.get(0).get("maskedPhone").asString()).endsWith(phone.substring(phone.length() - 4));
        assertThat(results.get(1).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(1).has("phone")).isFalse();
        assertThat(results.get(2).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(3).get("status").asInt()).isEqualTo(403);
        assertThat(results.get(3).get("reason").asString()).isEqualTo("no_consent");
        assertThat(results.get(3).has("phone")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> records(Topics.AUDIT_LOG).stream()
                .map(ConsentStageTest::value).filter(v -> v.contains(tag) && v.contains("\"action\":\"vault.resolved\""))
                .count() == 3);
        assertThat(perform(json(asShopper(post("/internal/vault/resolve-batch"), consented), body))
                .getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void revokingOneChannelKeepsTheNumberAndRevokingAllRemovesTheIdentifiers() throws Exception {
        String userId = newUserId();
        optIn(userId, newIndianMobile());
        double optOutsBefore = optOuts();

        JsonNode one = body(perform(json(asShopper(post("/api/v1/me/consent/revoke"), userId),
                "{\"channels\":[\"whatsapp\"]}")));
        ConsentState afterOne = lastState(userId);
        JsonNode all = body(perform(asShopper(post("/api/v1/me/consent/revoke"), userId)));
        ConsentState afterAll = lastState(userId);
        perform(asShopper(post("/api/v1/me/consent/revoke"), userId));
        ConsentState afterRepeat = lastState(userId);

        assertThat(one.get("consent").get("whatsapp").asBoolean()).isFalse();
        assertThat(one.get("consent").get("sms").asBoolean()).isTrue();
        assertThat(one.get("preferredChannel").asString()).isEqualTo("sms");
        assertThat(one.get("status").asString()).isEqualTo("opted_in");
        assertThat(afterOne.change()).isEqualTo("revoked");
        assertThat(all.get("status").asString()).isEqualTo("revoked");
        assertThat(all.get("maskedPhone").isNull()).isTrue();
        assertThat(all.get("consent").get("sms").asBoolean()).isFalse();
        assertThat(afterAll.change()).isEqualTo("revoked");
        assertThat(afterAll.status()).isEqualTo(ConsentStatus.REVOKED);
        assertThat(afterAll.maskedPhone()).isNull();
        assertThat(afterAll.version()).isGreaterThan(afterOne.version());
        assertThat(redis.hasKey("con:vault:" + userId)).isFalse();
        assertThat(resolve(userId, "sms").getResponse().getStatus()).isEqualTo(403);
        assertThat(afterRepeat.change()).isEqualTo("unchanged");
        assertThat(afterRepeat.version()).isEqualTo(afterAll.version());
        assertThat(optOuts() - optOutsBefore).isEqualTo(2.0);
    }

    @Test
    void changingTheChannelKeepsTheNumberInTheVault() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);

        JsonNode changed = body(perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"channels\":[\"sms\"],\"preferredChannel\":\"sms\",\"consentTextVersion\":\"v1\"}")));

        assertThat(changed.get("preferredChannel").asString()).isEqualTo("sms");
        assertThat(changed.get("consent").get("whatsapp").asBoolean()).isTrue();
        assertThat(lastState(userId).change()).isEqualTo("channel_changed");
        assertThat(body(resolve(userId, "sms")).get("phone").asString()).isEqualTo(phone);
    }

    @Test
    void stopOnAChannelRevokesItAndStartGivesItBackWhileTheNumberIsKnown() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);

        JsonNode stop = inbound("sms", phone, "  Stop ");
        ConsentState stopped = lastState(userId);
        JsonNode again = inbound("sms", phone, "STOP");
        JsonNode chat = inbound("whatsapp", phone.substring(1), "where is my order?");
        JsonNode start = inbound("sms", "whatsapp:" + phone, "start");
        ConsentState started = lastState(userId);

        assertThat(stop.get("userId").asString()).isEqualTo(userId);
        assertThat(stop.get("action").asString()).isEqualTo("revoked");
        assertThat(stopped.change()).isEqualTo("keyword_stop");
        assertThat(stopped.consent()).isEqualTo(new ConsentState.ChannelConsent(true, false));
        assertThat(again.get("action").asString()).isEqualTo("none");
        assertThat(chat.get("userId").asString()).isEqualTo(userId);
        assertThat(chat.get("action").asString()).isEqualTo("none");
        assertThat(start.get("action").asString()).isEqualTo("resubscribed");
        assertThat(started.change()).isEqualTo("resubscribed");
        assertThat(started.consent()).isEqualTo(new ConsentState.ChannelConsent(true, true));
        JsonNode proof = body(perform(asAdmin(get("/api/v1/admin/users/" + userId)))).get("proof").get("sms");
        assertThat(proof.get("source").asString()).isEqualTo("keyword:START");
        assertThat(proof.get("granted").asBoolean()).isTrue();
    }

    @Test
    void startCannotResubscribeOnceTheNumberLeftTheVault() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);
        perform(asShopper(post("/api/v1/me/consent/revoke"), userId));

        JsonNode start = inbound("sms", phone, "START");

        assertThat(start.get("userId").isNull()).isTrue();
        assertThat(start.get("action").asString()).isEqualTo("none");
        assertThat(resolve(userId, "sms").getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void anAdminFindsUsersByIdPrefixOrLastDigitsSeesTheProofAndRevokesUnderTheirName() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);
        String last4 = phone.substring(phone.length() - 4);

        JsonNode byDigits = body(perform(asAdmin(get("/api/v1/admin/users").param("query", last4).param("limit", "100"))));
        JsonNode byPrefix = body(perform(asAdmin(get("/api/v1/admin/users").param("query", userId.substring(0, 12)))));
        JsonNode byMask = body(perform(asAdmin(get("/api/v1/admin/users").param("query", "+91 ••••••" + last4)
                .param("limit", "100"))));
        JsonNode detail = body(perform(asAdmin(get("/api/v1/admin/users/" + userId))));
        JsonNode revoked = body(perform(json(asAdmin(post("/api/v1/admin/users/" + userId + "/revoke")),
                "{\"channels\":[\"sms\"]}")));

        assertThat(byDigits.get("users").valueStream().map(u -> u.get("userId").asString())).contains(userId);
        assertThat(byPrefix.get("users").valueStream().map(u -> u.get("userId").asString())).containsExactly(userId);
        assertThat(byMask.get("users").valueStream().map(u -> u.get("userId").asString())).contains(userId);
        assertThat(byMask.get("users").valueStream().map(u -> u.get("maskedPhone").asString()))
                .allMatch(m -> m.equals("+91 ••••••" + last4));
        assertThat(detail.get("maskedPhone").asString()).isEqualTo("+91 ••••••" + last4);
        assertThat(detail.get("proof").get("whatsapp").get("textVersion").asString()).isEqualTo("v1");
        assertThat(detail.get("proof").get("whatsapp").get("source").asString()).isEqualTo("storefront");
        assertThat(detail.get("proof").get("whatsapp").get("grantedAt").asString()).isNotBlank();
        assertThat(revoked.get("consent").get("sms").asBoolean()).isFalse();
        assertThat(revoked.get("proof").get("sms").get("revokedBy").asString()).isEqualTo("admin");
        await().atMost(Duration.ofSeconds(10)).until(() -> audited(userId, "consent.revoked").isPresent());
        ObjectNode audit = audited(userId, "consent.revoked").orElseThrow();
        assertThat(audit.get("actor").asString()).isEqualTo("alice-admin");
        assertThat(audit.remove("userId").asString()).isEqualTo(userId);
        assertThat(audit.toString()).as("the user is named in userId only, the field an erase can reach")
                .doesNotContain(userId);
    }

    @Test
    void aShoppersOwnConsentChangeIsAuditedWithTheirIdInUserIdOnly() throws Exception {
        String userId = newUserId();

        optIn(userId, newIndianMobile());

        await().atMost(Duration.ofSeconds(10)).until(() -> audited(userId, "consent.confirmed").isPresent());
        ObjectNode audit = audited(userId, "consent.requested").orElseThrow();
        assertThat(audit.get("actor").asString()).isEqualTo("storefront-user");
        assertThat(audit.get("schemaVersion").asInt()).isEqualTo(AuditEntry.SCHEMA_VERSION);
        assertThat(audit.remove("userId").asString()).isEqualTo(userId);
        assertThat(audit.toString()).doesNotContain(userId);
    }

    /** The audit entry of one action about one user, as published. */
    private Optional<ObjectNode> audited(String userId, String action) {
        return records(Topics.AUDIT_LOG).stream().map(ConsentStageTest::value).map(v -> (ObjectNode) JSON.readTree(v))
                .filter(a -> userId.equals(a.path("userId").asString(null)) && action.equals(a.path("action").asString()))
                .findFirst();
    }

    @Test
    void aNewNumberReplacesTheOldOneInTheVaultAndInTheReplyIndex() throws Exception {
        String userId = newUserId();
        String oldPhone = newIndianMobile();
        String newPhone = newIndianMobile();
        optIn(userId, oldPhone);

        optIn(userId, newPhone);

        assertThat(body(resolve(userId, "sms")).get("phone").asString()).isEqualTo(newPhone);
        assertThat(inbound("sms", oldPhone, "hi").get("userId").isNull()).isTrue();
        assertThat(inbound("sms", newPhone, "hi").get("userId").asString()).isEqualTo(userId);
    }

    @Test
    void anAdminGetsNotFoundForAUserNobodyKnows() throws Exception {
        assertThat(perform(asAdmin(get("/api/v1/admin/users/" + newUserId()))).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesThePublicAndAdminApiButNotTheInternalOneAndNeedsNoToken() throws Exception {
        MvcResult docs = perform(get("/v3/api-docs"));

        assertThat(docs.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(docs)).contains("/api/v1/me/consent/revoke",
                "/api/v1/admin/users/{userId}", "/api/v1/admin/privacy-requests/{requestId}");
        assertThat(body(docs).get("paths").propertyNames()).isNotEmpty().noneMatch(path -> path.startsWith("/internal/"));
        assertThat(text(docs)).doesNotContain("\"name\":\"caller\"");
    }


    private double optOuts() {
        return meters.find("sbme.consent.optouts").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
