package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.ContractJson;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** Double opt-in and consent that belongs to the number, through the service's own endpoints. */
class DoubleOptInIT extends ConsentStageTest {

    @Test
    void aPendingNumberResolvesOnlyForItsConfirmationUntilItsOwnerRepliesYes() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        requestOptIn(userId, phone);

        int beforeMessage = resolve(userId, "whatsapp").getResponse().getStatus();
        MvcResult confirmation = resolveConfirmation(userId, "whatsapp");
        JsonNode reply = inbound("whatsapp", phone, " Yes! ", "wamid-digest-1");
        ConsentState confirmed = lastState(userId);

        assertThat(beforeMessage).isEqualTo(403);
        assertThat(confirmation.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(confirmation).get("phone").asString()).isEqualTo(phone);
        assertThat(reply.get("action").asString()).isEqualTo("confirmed");
        assertThat(confirmed.status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(confirmed.change()).isEqualTo("confirmed");
        assertThat(confirmed.consent()).isEqualTo(new ConsentState.ChannelConsent(true, true));
        assertThat(confirmed.confirmationChannel()).isNull();
        assertThat(resolve(userId, "sms").getResponse().getStatus()).isEqualTo(200);
        assertThat(resolveConfirmation(userId, "whatsapp").getResponse().getStatus()).isEqualTo(403);
        JsonNode admin = body(perform(asAdmin(get("/api/v1/admin/users/" + userId))));
        assertThat(admin.get("status").asString()).isEqualTo("opted_in");
        assertThat(admin.get("confirmation").get("channel").asString()).isEqualTo("whatsapp");
        assertThat(admin.get("confirmation").get("inboundMessageId").asString()).isEqualTo("wamid-digest-1");
        assertThat(admin.get("confirmation").get("at").asString()).isNotBlank();
        assertThat(admin.get("proof").get("sms").get("requestedAt").asString()).isNotBlank();
        assertThat(admin.get("proof").get("sms").get("source").asString()).isEqualTo("storefront");
    }

    @Test
    void anOrdinaryReplyOrAStopConfirmsNothing() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        requestOptIn(userId, phone);

        JsonNode chat = inbound("whatsapp", phone, "yes please, what is this?");
        ConsentState afterChat = lastState(userId);
        inbound("whatsapp", phone, "STOP");
        inbound("sms", phone, "stop.");
        ConsentState afterStop = lastState(userId);

        assertThat(chat.get("action").asString()).isEqualTo("none");
        assertThat(afterChat.status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(afterStop.status()).isEqualTo(ConsentStatus.REVOKED);
        assertThat(afterStop.change()).isEqualTo("confirmation_cancelled");
        assertThat(resolveConfirmation(userId, "whatsapp").getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aSecondProfileClaimingAConfirmedNumberMustConfirmItselfAndAStopRevokesBoth() throws Exception {
        String first = newUserId();
        String second = newUserId();
        String phone = newIndianMobile();
        optIn(first, phone);

        JsonNode claimed = body(requestOptIn(second, phone));
        int secondBeforeItsYes = resolve(second, "whatsapp").getResponse().getStatus();
        JsonNode yes = inbound("whatsapp", phone, "y");
        ConsentState firstState = lastState(first);
        ConsentState secondState = lastState(second);
        JsonNode stop = inbound("whatsapp", phone, "Stop");

        assertThat(claimed.get("status").asString()).isEqualTo("pending");
        assertThat(secondBeforeItsYes).isEqualTo(403);
        assertThat(yes.get("users").valueStream().map(u -> u.get("userId").asString() + ":" + u.get("action").asString()))
                .containsExactlyInAnyOrder(first + ":none", second + ":confirmed");
        assertThat(secondState.status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(secondState.numberKey()).isEqualTo(firstState.numberKey()).isNotBlank();
        assertThat(stop.get("users").valueStream().map(u -> u.get("action").asString())).containsExactly("revoked", "revoked");
        for (String user : List.of(first, second)) {
            assertThat(lastState(user).change()).isEqualTo("keyword_stop");
            assertThat(lastState(user).allows(Channel.WHATSAPP)).isFalse();
            assertThat(resolve(user, "whatsapp").getResponse().getStatus()).isEqualTo(403);
        }
    }

    @Test
    void aConfirmedNumberGainsAChannelAtOnceButANewNumberStartsOver() throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        optIn(userId, phone);

        JsonNode sameNumber = body(perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"channels\":[\"sms\"],\"preferredChannel\":\"sms\",\"consentTextVersion\":\"v1\"}")));
        JsonNode newNumber = body(requestOptIn(userId, newIndianMobile()));

        assertThat(sameNumber.get("status").asString()).isEqualTo("opted_in");
        assertThat(newNumber.get("status").asString()).isEqualTo("pending");
        assertThat(newNumber.get("consent").get("whatsapp").asBoolean()).isFalse();
        assertThat(resolve(userId, "whatsapp").getResponse().getStatus()).isEqualTo(403);
        assertThat(inbound("sms", phone, "STOP").get("userId").isNull()).isTrue();
    }

    @Test
    void aNumberGetsAtMostThreeConfirmationsADay() throws Exception {
        String phone = newIndianMobile();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(requestOptIn(newUserId(), phone).getResponse().getStatus());
        }
        String last = newUserId();
        MvcResult refused = requestOptIn(last, phone);

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(body(refused).get("reason").asString()).isEqualTo("confirmation_limit");
        assertThat(body(me(last)).get("status").asString()).isEqualTo("anonymous");
    }

    @Test
    void theDemoPhoneIsOffOutsideTheDemo() throws Exception {
        String userId = newUserId();
        requestOptIn(userId, newIndianMobile());

        assertThat(perform(asShopper(post("/api/v1/me/consent/demo-reply"), userId)).getResponse().getStatus())
                .isEqualTo(404);
    }

    private MvcResult resolveConfirmation(String userId, String channel) throws Exception {
        return perform(json(asService(post("/internal/vault/resolve"), "dispatcher-service"),
                "{\"userId\":\"" + userId + "\",\"channel\":\"" + channel + "\",\"messageId\":\"m-" + UUID.randomUUID()
                        + "\",\"purpose\":\"confirmation\"}"));
    }
}
