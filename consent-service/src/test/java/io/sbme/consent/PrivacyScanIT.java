package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MvcResult;

/**
 * After a shopper opted in with a known number and used every feature, a scan finds that number
 * (in any format) nowhere: not on any Kafka topic, not in Redis, not in a log line, not in a
 * metric, not in any API response except the vault's internal resolve.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyScanIT extends ConsentStageTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theFullNumberAppearsNowhereButInTheInternalResolveAnswer(CapturedOutput output) throws Exception {
        String userId = newUserId();
        String phone = newIndianMobile();
        String national = phone.substring(3);
        String last4 = national.substring(6);
        List<String> forms = List.of(phone, national, national.substring(0, 5) + " " + national.substring(5),
                national.substring(0, 5) + "-" + national.substring(5), national.substring(0, 6));
        List<String> responses = new ArrayList<>();

        responses.add(text(perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"phone\":\"+91 " + national.substring(0, 5) + " " + national.substring(5)
                        + "\",\"channels\":[\"whatsapp\",\"sms\"],\"consentTextVersion\":\"v1\"}"))));
        responses.add(text(me(userId)));
        responses.add(text(perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"channels\":[\"sms\"],\"preferredChannel\":\"sms\",\"consentTextVersion\":\"v1\"}"))));
        responses.add(text(perform(json(asService(post("/internal/inbound"), "tracking-service"),
                "{\"channel\":\"whatsapp\",\"from\":\"" + phone.substring(1) + "\",\"text\":\"STOP\"}"))));
        responses.add(text(perform(json(asService(post("/internal/inbound"), "tracking-service"),
                "{\"channel\":\"whatsapp\",\"from\":\"" + phone + "\",\"text\":\"START\"}"))));
        responses.add(text(resolve(userId, "instagram")));
        responses.add(text(perform(asAdmin(get("/api/v1/admin/users").param("query", last4)))));
        responses.add(text(perform(asAdmin(get("/api/v1/admin/users/" + userId)))));
        responses.add(text(perform(json(asShopper(post("/api/v1/me/consent"), userId),
                "{\"phone\":\"" + phone + "0\",\"channels\":[\"sms\"],\"consentTextVersion\":\"v1\"}"))));
        MvcResult resolved = resolve(userId, "sms");
        responses.add(text(perform(json(asShopper(post("/api/v1/me/consent/revoke"), userId),
                "{\"channels\":[\"whatsapp\"]}"))));

        assertThat(body(resolved).get("phone").asString()).isEqualTo(phone);
        await().atMost(Duration.ofSeconds(10)).until(() -> records(Topics.AUDIT_LOG).stream()
                .anyMatch(r -> value(r).contains("consent.revoked") && value(r).contains(userId)));
        for (String response : responses) {
            assertThat(response).doesNotContain(forms);
        }
        assertThat(responses.get(1)).contains(last4);
        scanKafka(userId, forms);
        Map<String, String> redisState = redisDump();
        assertThat(redisState).containsKey("con:vault:" + userId);
        redisState.forEach((key, value) -> {
            assertThat(key).doesNotContain(forms);
            assertThat(value).as(key).doesNotContain(forms);
        });
        for (Meter meter : meters.getMeters()) {
            assertThat(meter.getId().toString()).doesNotContain(forms);
        }
        assertThat(output.getAll()).contains("user " + userId + " asked for").contains("••••••" + last4)
                .doesNotContain(forms);
    }

    private void scanKafka(String userId, List<String> forms) {
        int scanned = 0;
        boolean sawConsentState = false;
        for (String topic : topics()) {
            for (ConsumerRecord<String, byte[]> record : records(topic)) {
                scanned++;
                String value = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
                assertThat(value).as("a record on %s", topic).doesNotContain(forms);
                assertThat(String.valueOf(record.key())).as("a key on %s", topic).doesNotContain(forms);
                for (Header header : record.headers()) {
                    assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain(forms);
                }
                sawConsentState |= topic.equals(Topics.CONSENT_STATE) && userId.equals(record.key());
            }
        }
        assertThat(sawConsentState).isTrue();
        assertThat(scanned).isGreaterThan(5);
    }
}
