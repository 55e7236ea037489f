package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A caller can reach only what its verified identity allows; ids in bodies and paths do not change who it is. */
class TamperIT extends ConsentStageTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/me", "/api/v1/admin/users", "/api/v1/admin/privacy-requests"})
    void aRequestWithoutAGatewayTokenIsRefusedWith401(String path) throws Exception {
        MvcResult result = perform(get(path));

        assertThat(result.getResponse().getStatus()).isEqualTo(401);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
    }

    @Test
    void forgedExpiredOrAlteredTokensAreRefusedWith401() throws Exception {
        String userId = newUserId();
        String forged = new GatewayToken("another-secret-of-sufficient-length", Clock.systemUTC(), Duration.ofMinutes(1))
                .mint(new Caller(userId, Caller.Role.SHOPPER));
        String expired = new GatewayToken("local-development-secret-change-me",
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofSeconds(60))
                .mint(new Caller(userId, Caller.Role.SHOPPER));
        String valid = tokens.mint(new Caller(userId, Caller.Role.SHOPPER));
        String altered = valid.substring(0, 2) + (valid.charAt(2) == 'A' ? 'B' : 'A') + valid.substring(3);

        for (String token : new String[] {forged, expired, altered, "", "garbage"}) {
            assertThat(perform(get("/api/v1/me").header(GatewayToken.HEADER, token)).getResponse().getStatus())
                    .as("token %s", token).isEqualTo(401);
        }
        assertThat(perform(get("/api/v1/me").header(GatewayToken.HEADER, valid)).getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void aUserIdInTheBodyOrQueryDoesNotMakeAShopperSomebodyElse() throws Exception {
        String me = newUserId();
        String victim = newUserId();
        String victimPhone = newIndianMobile();
        optIn(victim, victimPhone);

        MvcResult optIn = perform(json(asShopper(post("/api/v1/me/consent"), me).param("userId", victim),
                "{\"userId\":\"" + victim + "\",\"phone\":\"" + newIndianMobile() + "\",\"channels\":[\"sms\"],"
                        + "\"consentTextVersion\":\"v1\"}"));
        MvcResult revoke = perform(json(asShopper(post("/api/v1/me/consent/revoke"), me).param("userId", victim),
                "{\"userId\":\"" + victim + "\"}"));
        MvcResult read = perform(asShopper(get("/api/v1/me"), me).param("userId", victim));

        assertThat(body(optIn).get("userId").asString()).isEqualTo(me);
        assertThat(body(revoke).get("userId").asString()).isEqualTo(me);
        assertThat(body(read).get("userId").asString()).isEqualTo(me);
        assertThat(text(read)).doesNotContain(victimPhone.substring(victimPhone.length() - 4));
        assertThat(body(me(victim)).get("consent").get("whatsapp").asBoolean()).isTrue();
        assertThat(resolve(victim, "whatsapp").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aShopperCannotUseAdminOrInternalEndpointsOnAnotherUsersId() throws Exception {
        String me = newUserId();
        String victim = newUserId();
        optIn(victim, newIndianMobile());

        MockHttpServletRequestBuilder[] attempts = {
                asShopper(get("/api/v1/admin/users/" + victim), me),
                asShopper(get("/api/v1/admin/users").param("query", victim), me),
                asShopper(post("/api/v1/admin/users/" + victim + "/revoke"), me),
                asShopper(delete("/api/v1/admin/users/" + victim), me),
                json(asShopper(post("/internal/vault/resolve"), me),
                        "{\"userId\":\"" + victim + "\",\"channel\":\"sms\",\"messageId\":\"m-1\"}"),
                json(asShopper(post("/internal/inbound"), me), "{\"channel\":\"sms\",\"from\":\"+919876543210\",\"text\":\"STOP\"}"),
        };

        for (MockHttpServletRequestBuilder attempt : attempts) {
            MvcResult result = perform(attempt);
            assertThat(result.getResponse().getStatus()).isEqualTo(403);
            assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(body(me(victim)).get("status").asString()).isEqualTo("opted_in");
        assertThat(resolve(victim, "sms").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void adminsAndServicesHaveNoStorefrontProfileAndServicesNoAdminRights() throws Exception {
        assertThat(perform(asAdmin(get("/api/v1/me"))).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(asService(get("/api/v1/me"), "decision-service")).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(asService(get("/api/v1/admin/users"), "decision-service")).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(perform(json(asAdmin(post("/internal/vault/resolve")),
                "{\"userId\":\"" + newUserId() + "\",\"channel\":\"sms\",\"messageId\":\"m-1\"}")).getResponse()
                .getStatus()).isEqualTo(403);
    }
}
