package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Bad input on every endpoint gets a 4xx problem document, never a 5xx. */
class BadInputIT extends ConsentStageTest {

    private static final String[] BAD_CONSENT_BODIES = {
            "", "not json", "[]", "null", "{\"phone\":", "{\"phone\":{}}", "{\"channels\":\"whatsapp\"}",
            "{\"phone\":\"+919876543210\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"fax\"],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"instagram\"],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[null],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"sms\"],\"preferredChannel\":\"whatsapp\",\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"sms\"]}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"sms\"],\"consentTextVersion\":\"" + "v".repeat(40) + "\"}",
            "{\"phone\":\"+919876543210\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v 1\"}",
            "{\"phone\":\"call me maybe\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+44 20 7946 0958\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"" + "9".repeat(5000) + "\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}",
            "{\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}",
            "{\"phone\":\"+919876543210\",\"channels\":" + "[\"sms\",".repeat(1) + "\"sms\",\"sms\",\"sms\",\"sms\",\"sms\",\"sms\",\"sms\",\"sms\"],\"consentTextVersion\":\"v1\"}",
            "{\"pad\":\"" + "x".repeat(20_000) + "\"}",
    };

    private static final String[] BAD_REVOKE_BODIES = {
            "not json", "[]", "{\"channels\":\"sms\"}", "{\"channels\":[\"fax\"]}", "{\"channels\":[1,2]}",
            "{\"channels\":[" + "\"sms\",".repeat(20) + "\"sms\"]}",
    };

    private static final String[] BAD_RESOLVE_BODIES = {
            "", "not json", "{}", "{\"userId\":\"u-1\",\"channel\":\"sms\"}",
            "{\"userId\":\"u-1\",\"channel\":\"fax\",\"messageId\":\"m-1\"}",
            "{\"userId\":\"u 1\",\"channel\":\"sms\",\"messageId\":\"m-1\"}",
            "{\"userId\":\"*\",\"channel\":\"sms\",\"messageId\":\"m-1\"}",
            "{\"userId\":\"" + "u".repeat(200) + "\",\"channel\":\"sms\",\"messageId\":\"m-1\"}",
            "{\"userId\":\"u-1\",\"channel\":\"sms\",\"messageId\":\"m 1\"}",
            "{\"userId\":\"u-1\",\"channel\":\"sms\",\"messageId\":\"" + "m".repeat(200) + "\"}",
            "{\"userId\":[],\"channel\":\"sms\",\"messageId\":\"m-1\"}",
    };

    private static final String[] BAD_INBOUND_BODIES = {
            "", "not json", "{}", "{\"channel\":\"sms\",\"text\":\"STOP\"}",
            "{\"channel\":\"instagram\",\"from\":\"+919876543210\",\"text\":\"STOP\"}",
            "{\"channel\":\"sms\",\"from\":\"not a number\",\"text\":\"STOP\"}",
            "{\"channel\":\"sms\",\"from\":\"+919876543210\",\"text\":\"" + "x".repeat(2000) + "\"}",
            "{\"channel\":\"sms\",\"from\":\"" + "1".repeat(100) + "\",\"text\":\"STOP\"}",
    };

    @Test
    void everyEndpointAnswersBadInputWithA4xxProblemAndNeverA5xx() throws Exception {
        String userId = newUserId();
        optIn(userId, newIndianMobile());
        String newcomer = newUserId();
        List<MockHttpServletRequestBuilder> requests = new ArrayList<>();
        for (String body : BAD_CONSENT_BODIES) {
            requests.add(json(asShopper(post("/api/v1/me/consent"), newcomer), body));
        }
        for (String body : BAD_REVOKE_BODIES) {
            requests.add(json(asShopper(post("/api/v1/me/consent/revoke"), userId), body));
            requests.add(json(asAdmin(post("/api/v1/admin/users/" + userId + "/revoke")), body));
        }
        for (String body : BAD_RESOLVE_BODIES) {
            requests.add(json(asService(post("/internal/vault/resolve"), "dispatcher-service"), body));
        }
        for (String body : BAD_INBOUND_BODIES) {
            requests.add(json(asService(post("/internal/inbound"), "tracking-service"), body));
        }
        String oneResolve = "{\"userId\":\"" + userId + "\",\"channel\":\"sms\",\"messageId\":\"m-1\"}";
        for (String body : new String[] {"", "not json", "{}", "{\"requests\":[]}", "{\"requests\":{}}",
                "{\"requests\":[" + String.join(",", java.util.Collections.nCopies(101, oneResolve)) + "]}"}) {
            requests.add(json(asService(post("/internal/vault/resolve-batch"), "dispatcher-service"), body));
        }
        requests.add(asShopper(post("/api/v1/me/consent"), userId).contentType(MediaType.TEXT_PLAIN).content("hi"));
        requests.add(asShopper(put("/api/v1/me"), userId));
        requests.add(asShopper(get("/api/v1/me/nothing-here"), userId));
        for (String query : new String[] {"*", "a b", "u-?", "x".repeat(65), "%"}) {
            requests.add(asAdmin(get("/api/v1/admin/users").param("query", query)));
        }
        for (String limit : new String[] {"0", "-1", "101", "abc", "99999999999"}) {
            requests.add(asAdmin(get("/api/v1/admin/users").param("limit", limit)));
            requests.add(asAdmin(get("/api/v1/admin/privacy-requests").param("limit", limit.equals("101") ? "201" : limit)));
        }
        for (String id : new String[] {"*", "u 1", "u" + "x".repeat(200), "..", "%2A"}) {
            requests.add(asAdmin(get("/api/v1/admin/users/" + id)));
            requests.add(asAdmin(post("/api/v1/admin/users/" + id + "/revoke")));
            requests.add(asAdmin(delete("/api/v1/admin/users/" + id)));
        }
        requests.add(asAdmin(post("/api/v1/admin/users/" + newUserId() + "/revoke")));
        for (String id : new String[] {"x", "pr-*", "pr-" + "0".repeat(36), "pr-00000000-0000-0000-0000-000000000000"}) {
            requests.add(asAdmin(get("/api/v1/admin/privacy-requests/" + id)));
        }
        Map<String, Integer> fiveHundreds = new java.util.LinkedHashMap<>();

        for (MockHttpServletRequestBuilder request : requests) {
            MvcResult result = perform(request);
            int status = result.getResponse().getStatus();
            String what = result.getRequest().getMethod() + " " + result.getRequest().getRequestURI() + " "
                    + abbreviate(result.getRequest().getContentAsString());
            if (status < 400 || status >= 500) {
                fiveHundreds.put(what, status);
                continue;
            }
            assertThat(result.getResponse().getContentType()).as(what).startsWith("application/problem+json");
            assertThat(body(result).get("detail").asString()).as(what).isNotBlank();
        }

        assertThat(fiveHundreds).as("requests not answered with a 4xx").isEmpty();
        assertThat(body(me(userId)).get("status").asString()).isEqualTo("opted_in");
        assertThat(body(me(newcomer)).get("status").asString()).isEqualTo("anonymous");
    }

    @Test
    void aRefusedPhoneIsExplainedWithoutRepeatingTheNumber() throws Exception {
        MvcResult result = perform(json(asShopper(post("/api/v1/me/consent"), newUserId()),
                "{\"phone\":\"+44 20 7946 0958\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}"));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(result).get("detail").asString()).contains("fixed-line").doesNotContain("7946");
        assertThat(body(result).get("field").asString()).isEqualTo("phone");
    }

    @Test
    void aNumberFromACountryTheStoreDoesNotAllowIsRefusedAtOptIn() throws Exception {
        String user = newUserId();

        MvcResult result = perform(json(asShopper(post("/api/v1/me/consent"), user),
                "{\"phone\":\"+44 7400 123456\",\"channels\":[\"sms\",\"whatsapp\"],\"consentTextVersion\":\"v1\"}"));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(result).get("detail").asString()).contains("United Kingdom", "only to numbers from India")
                .doesNotContain("123456");
        assertThat(body(result).get("field").asString()).isEqualTo("phone");
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
    }
}
