package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.e2e.MessageJourneyIT.Shopper;
import io.sbme.localstack.LocalStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Double opt-in against the running stack: a number entered on the storefront gets one confirmation
 * message and nothing else until its owner replies YES through the provider's inbound webhook; then
 * the cart it left while waiting is messaged.
 */
class DoubleOptInIT {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void aPendingNumberGetsOnlyTheConfirmationAndAYesFromItReleasesTheAbandonedCart() {
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();
        Shopper shopper = Shopper.pending(stack);
        shopper.addToCart("p-aurora-lamp", "Aurora Desk Lamp", "2499.00", 1);

        JsonNode confirmation = shopper.awaitConfirmationMessage(stack);
        assertThat(confirmation.path("channel").asString()).isEqualTo("whatsapp");
        assertThat(confirmation.path("body").toString()).contains("opt_in_confirmation_a").contains("Kinara");
        // The cart's reminder falls due while the number still waits: it is held, not sent.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> heldForConsent(admin, shopper.userId));
        assertThat(shopper.sandboxRequests(stack)).singleElement().satisfies(r -> assertThat(Shopper.isConfirmation(r)).isTrue());
        assertThat(shopper.http.get("/api/v1/me").json().path("status").asString()).isEqualTo("pending");

        // Matched like STOP: case, spacing and punctuation do not matter.
        shopper.replyFromPhone(stack, "Yes!");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                "opted_in".equals(shopper.http.get("/api/v1/me").json().path("status").asString()));
        List<JsonNode> flowMessages = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> shopper.sandboxRequests(stack).stream().filter(r -> !Shopper.isConfirmation(r)).toList(),
                        found -> !found.isEmpty());
        // The YES opened WhatsApp's customer window, so the cart reminder goes as an interactive message.
        // Either experiment variant's text names the carted product.
        assertThat(flowMessages.getFirst().path("body").toString()).contains("\"interactive\"")
                .contains("Aurora Desk Lamp");
        assertThat(shopper.sandboxRequests(stack).stream().filter(Shopper::isConfirmation)).hasSize(1);
    }

    @Test
    void aSecondProfileClaimingAConfirmedNumberConfirmsAgainAndAStopFromTheNumberRevokesBoth() {
        Shopper first = Shopper.optedIn(stack);
        Shopper second = Shopper.pending(stack, first.phone);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                first.sandboxRequests(stack).stream().filter(Shopper::isConfirmation).count() == 2);
        assertThat(status(second)).isEqualTo("pending");
        second.replyFromPhone(stack, "yes");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> "opted_in".equals(status(second)));

        // One person, two browsers: the number's STOP is the person's, whichever profile sent last.
        first.replyFromPhone(stack, "Stop.");

        for (Shopper profile : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    !profile.http.get("/api/v1/me").json().path("consent").path("whatsapp").asBoolean(true));
        }
    }

    @Test
    void answersWithPersonalDataAreNotCachedAndThePublicApiDescriptionHasNoInternalEndpoints() {
        Shopper shopper = Shopper.pending(stack);

        for (String path : List.of("/api/v1/me", "/api/v1/me/messages")) {
            Http.Answer answer = shopper.http.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control")).as(path).hasValueSatisfying(
                    value -> assertThat(value).contains("no-store"));
        }
        for (String service : List.of("event-ingest-service", "consent-service", "decision-service",
                "composer-service", "dispatcher-service", "tracking-service", "dashboard-service")) {
            Http.Answer description = new Http(stack.gatewayUrl()).get("/v3/api-docs/" + service);
            assertThat(description.status()).as(service).isEqualTo(200);
            assertThat(description.body()).as(service).contains("/api/v1/").doesNotContain("/internal/");
        }
    }

    private static String status(Shopper shopper) {
        return shopper.http.get("/api/v1/me").json().path("status").asString();
    }

    private static boolean heldForConsent(Http admin, String userId) {
        JsonNode decisions = admin.get("/api/v1/admin/decisions?userId=" + userId).json();
        for (JsonNode decision : decisions.isArray() ? decisions : decisions.path("decisions")) {
            if ("abandoned_cart".equals(decision.path("flow").asString())
                    && "no_consent".equals(decision.path("reason").asString())) {
                return true;
            }
        }
        return false;
    }
}
