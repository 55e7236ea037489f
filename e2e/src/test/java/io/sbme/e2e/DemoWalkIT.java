package io.sbme.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.sbme.localstack.LocalStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance walk of DEMO.md, as a person would do it, in headless Chromium (Debian's
 * package; never downloaded): storefront and admin side by side in one browser.
 */
class DemoWalkIT {

    private static final LocatorAssertions.ContainsTextOptions SLOW = new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

    private static LocalStack stack;
    private static Browsers browsers;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        stack = RunningStack.get();
        browsers = Browsers.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (browsers != null) {
            browsers.close();
        }
    }

    @Test
    void theDemoWalkFromGridToDeletion() {
        BrowserContext context = browsers.browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        Page store = context.newPage();
        Browsers.collectConsoleErrors(store, consoleErrors);
        Page admin = context.newPage();
        String phone = "+9198" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String last4 = phone.substring(phone.length() - 4);

        // 1. Open the website: the product grid loads.
        store.navigate(stack.gatewayUrl() + "/");
        assertThat(store.getByTestId("product-card").first()).isVisible();
        assertThat(store.getByTestId("product-card").count()).isGreaterThanOrEqualTo(8);
        shot(store, "01-grid");

        // 2. Accept the consent modal with a phone number and WhatsApp: the badge shows the masked number
        //    waiting for the owner's YES, and the phone shows the confirmation with a YES to tap.
        assertThat(store.getByTestId("consent-modal")).isVisible();
        store.getByTestId("consent-phone").fill("12");
        store.getByTestId("consent-submit").click();
        assertThat(store.getByTestId("consent-error")).isVisible();
        store.getByTestId("consent-phone").fill(phone);
        store.getByTestId("consent-whatsapp").check();
        store.getByTestId("consent-sms").check();
        store.getByTestId("consent-submit").click();
        assertThat(store.getByTestId("profile-badge")).containsText(last4);
        assertThat(store.getByTestId("profile-badge")).containsText("reply YES");
        assertThat(store.getByTestId("profile-badge")).not().containsText(phone.substring(3, 9));
        Locator phoneScreen = store.getByTestId("message-preview");
        assertThat(phoneScreen.getByTestId("wa-body")).containsText("Reply YES to get updates from Kinara", SLOW);
        shot(store, "02-confirmation");
        phoneScreen.getByTestId("reply-yes").first().click();
        assertThat(phoneScreen.getByTestId("reply-sent").first()).isVisible();
        assertThat(store.getByTestId("profile-badge")).containsText("WhatsApp", SLOW);
        assertThat(store.getByTestId("profile-badge")).not().containsText("YES");
        store.keyboard().press("Escape");
        shot(store, "02-consent");

        // 3. Add several products; open the cart.
        Locator cards = store.getByTestId("product-card");
        for (int i = 0; i < 3; i++) {
            cards.nth(i).getByTestId("add-to-cart").click();
        }
        store.getByTestId("cart-button").click();
        assertThat(store.getByTestId("cart")).isVisible();
        assertThat(store.getByTestId("cart-line")).hasCount(3);
        String best = bestProductName(store);
        shot(store, "03-cart");

        // 4. Trigger Abandoned Cart: the preview shows the best product, a discount and a CTA in both forms.
        store.getByTestId("trigger-abandoned-cart").click();
        Locator preview = store.getByTestId("message-preview");
        assertThat(preview).isVisible();
        assertThat(preview.getByTestId("wa-body")).containsText(best);
        assertThat(preview.getByTestId("wa-body")).containsText("%");
        assertThat(preview.getByTestId("wa-cta").first()).isVisible();
        assertThat(preview.getByTestId("sms-text")).containsText(best);
        assertThat(preview.getByTestId("sms-text")).containsText("/r/");
        assertThat(preview.getByTestId("sms-meta")).containsText("GSM");
        shot(store, "04-preview");

        // 5. Send (Simulate): the dashboard shows sent, then delivered, then read.
        login(admin);
        long sent = metric(admin, "sent");
        long delivered = metric(admin, "delivered");
        long read = metric(admin, "read");
        store.getByTestId("send-simulate").click();
        assertThat(store.getByTestId("toast").last()).hasAttribute("data-kind", "success");
        awaitMetricAbove(admin, "sent", sent);
        awaitMetricAbove(admin, "delivered", delivered);
        awaitMetricAbove(admin, "read", read);
        Locator newest = store.getByTestId("my-message").first();
        assertThat(newest).hasAttribute("data-status", "read", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(preview.getByTestId("wa-status").first()).hasAttribute("data-status", "read");
        shot(store, "05-read");
        shot(admin, "05-dashboard");

        // 6. Click the CTA: the click is recorded and the store opens on the product with UTM parameters.
        long clicked = metric(admin, "clicked");
        String messageId = newest.getAttribute("data-message-id");
        preview.getByTestId("wa-cta").first().click();
        store.waitForURL(Pattern.compile(".*utm_message_id=.*"));
        assertThat(store.url()).contains("utm_source=whatsapp").contains("utm_medium=messaging")
                .contains("utm_campaign=abandoned_cart");
        if (messageId != null) {
            assertThat(store.url()).contains("utm_message_id=" + messageId);
        }
        assertThat(store.getByTestId("product-modal")).isVisible();
        awaitMetricAbove(admin, "clicked", clicked);
        shot(store, "06-landing");

        // 7. Complete the simulated checkout: a conversion is recorded and attributed.
        long converted = metric(admin, "converted");
        store.keyboard().press("Escape");
        store.getByTestId("cart-button").click();
        store.getByTestId("checkout").click();
        store.getByTestId("place-order").click();
        assertThat(store.getByTestId("order-confirmation")).isVisible();
        awaitMetricAbove(admin, "converted", converted);
        shot(store, "07-order");

        // 8. Pause WhatsApp in admin, trigger again: the message goes by SMS, with its cause.
        long fallbacks = metric(admin, "fallbacks");
        admin.navigate(stack.gatewayUrl() + "/admin/#channels");
        assertThat(admin.getByTestId("channel-whatsapp-state")).hasText("active");
        admin.getByTestId("channel-whatsapp-toggle").click();
        assertThat(admin.getByTestId("channel-whatsapp-state")).hasText("paused");
        store.navigate(stack.gatewayUrl() + "/");
        addFirstProduct(store);
        store.getByTestId("trigger-abandoned-cart").click();
        assertThat(store.getByTestId("message-preview")).isVisible();
        store.getByTestId("send-simulate").click();
        assertThat(store.getByTestId("my-message").first()).hasAttribute("data-channel", "sms",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        admin.navigate(stack.gatewayUrl() + "/admin/#dashboard");
        awaitMetricAbove(admin, "fallbacks", fallbacks);
        shot(store, "08-sms-fallback");
        admin.navigate(stack.gatewayUrl() + "/admin/#channels");
        admin.getByTestId("channel-whatsapp-toggle").click();
        assertThat(admin.getByTestId("channel-whatsapp-state")).hasText("active");

        // 9. Revoke consent: triggering again is blocked with the reason shown.
        long optOuts = metric(admin, "optOuts");
        closeDialogs(store);
        store.getByTestId("revoke-consent").click();
        assertThat(store.getByTestId("profile-badge")).not().containsText(last4);
        store.getByTestId("cart-button").click();
        store.getByTestId("trigger-abandoned-cart").click();
        assertThat(store.getByTestId("preview-reason")).containsText("consent");
        // One reason, said once, and no Send button to press for a message that cannot go.
        assertThat(store.getByTestId("preview-reason")).not().containsText("Held");
        assertThat(store.getByTestId("send-simulate")).isDisabled();
        shot(store, "09-blocked");

        // 10. Delete data: the profile is wiped and every service confirms the erase.
        String userId = (String) store.evaluate("() => fetch('/api/v1/me').then(r => r.json()).then(j => j.userId)");
        closeDialogs(store);
        // Deleting asks first: the first tap only arms the button.
        store.getByTestId("delete-data").click();
        assertThat(store.getByTestId("delete-data")).containsText("Tap again");
        store.getByTestId("delete-data").click();
        assertThat(store.getByTestId("toast").last()).containsText("being deleted");
        assertThat(store.getByTestId("toast").last()).not().containsText("pr-");
        admin.navigate(stack.gatewayUrl() + "/admin/#users");
        admin.getByTestId("user-search").fill(userId);
        admin.getByTestId("user-search").press("Enter");
        assertThat(admin.getByTestId("user-status").first()).containsText("deleted", SLOW);
        admin.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Erase status")).first().click();
        assertThat(admin.getByTestId("erase-ack")).hasCount(5, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        shot(admin, "10-erased");
        // The audit log keeps the user's entries and still verifies, but no longer says who they were.
        admin.navigate(stack.gatewayUrl() + "/admin/#logs");
        assertThat(admin.getByTestId("audit-user").filter(new Locator.FilterOptions().setHasText("erased user")).first())
                .isVisible();
        admin.getByTestId("audit-verify").click();
        assertThat(admin.locator("#audit-verify-result")).hasAttribute("data-valid", "true");
        Object audit = admin.evaluate("() => fetch('/api/v1/admin/audit?limit=500').then(r => r.text())");
        assertThat((String) audit).contains("\"redacted\":true").doesNotContain(userId);
        shot(admin, "10-audit-erased");

        // 11. The dashboard reflects every step.
        admin.navigate(stack.gatewayUrl() + "/admin/#dashboard");
        awaitMetricAbove(admin, "optOuts", optOuts);
        assertThat(metric(admin, "converted")).isGreaterThan(converted);
        assertThat(admin.getByTestId("timeline-entry").first()).isVisible();
        // The live timeline had shown the shopper's id before the erase; this open page drops it too.
        assertThat(admin.locator("#timeline [title='" + userId + "']"))
                .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        // The "Show" filter asks the server: the conversion of step 7 is found behind many newer entries.
        admin.locator("#timeline-type").selectOption("conversion");
        assertThat(admin.getByTestId("timeline-entry").first()).isVisible();
        assertThat(admin.locator("#timeline-empty")).isHidden();
        admin.locator("#timeline-type").selectOption("");
        shot(admin, "11-dashboard");

        // 12. What the stages set aside: the admin sees the list (empty on a quiet day) and the tile.
        assertThat(admin.getByTestId("metric-set-aside")).hasText(java.util.regex.Pattern.compile("^\\d+$"));
        admin.navigate(stack.gatewayUrl() + "/admin/#dead-letters");
        assertThat(admin.getByTestId("stage-dead-letters")).not().containsText("Loading", SLOW);
        assertThat(admin.getByTestId("stage-dead-letters")).not().containsText("unavailable");
        shot(admin, "12-set-aside");

        assertThat(consoleErrors).as("console errors on the storefront").isEmpty();
        context.close();
    }

    private static String bestProductName(Page store) {
        // The best product is the cart line with the highest value (price × quantity).
        Locator lines = store.getByTestId("cart-line");
        String best = null;
        double bestValue = -1;
        for (int i = 0; i < lines.count(); i++) {
            Locator line = lines.nth(i);
            double value = Double.parseDouble(line.getAttribute("data-line-value"));
            if (value > bestValue) {
                bestValue = value;
                best = line.getAttribute("data-product-name");
            }
        }
        return best;
    }

    /** Closes open dialogs the way a keyboard user does: Escape, one at a time. */
    private static void closeDialogs(Page store) {
        Locator open = store.locator(".modal.is-open");
        for (int i = 0; i < 4 && open.count() > 0; i++) {
            int before = open.count();
            store.keyboard().press("Escape");
            assertThat(open).hasCount(before - 1);
        }
        assertThat(open).hasCount(0);
    }

    private static void addFirstProduct(Page store) {
        store.getByTestId("product-card").first().getByTestId("add-to-cart").click();
        store.getByTestId("cart-button").click();
        assertThat(store.getByTestId("cart")).isVisible();
    }

    private static void login(Page admin) {
        admin.navigate(stack.gatewayUrl() + "/admin/#dashboard");
        admin.getByTestId("login-username").fill(RunningStack.ADMIN_USER);
        admin.getByTestId("login-password").fill(RunningStack.ADMIN_PASSWORD);
        admin.getByTestId("login-submit").click();
        assertThat(admin.getByTestId("metric-sent")).isVisible();
        assertThat(admin.getByTestId("metric-sent")).hasText(Pattern.compile("\\d+"));
    }

    private static long metric(Page admin, String name) {
        Locator value = admin.getByTestId("metric-" + name);
        assertThat(value).hasText(Pattern.compile("^\\s*[\\d,]+\\s*$"));
        return Long.parseLong(value.textContent().replaceAll("\\D", ""));
    }

    private static void awaitMetricAbove(Page admin, String name, long before) {
        // The dashboard must update by itself (SSE): no reload here.
        try {
            admin.waitForCondition(() -> metric(admin, name) > before, new Page.WaitForConditionOptions().setTimeout(30_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            Object metrics = admin.evaluate("() => fetch('/api/v1/dashboard/metrics').then(r => r.text())");
            Object logs = admin.evaluate("() => fetch('/api/v1/admin/logs?limit=40').then(r => r.text())");
            throw new AssertionError("metric " + name + " stayed at " + before + " on the page; the API says "
                    + metrics + "\nlatest log entries: " + logs, e);
        }
    }

    private static void shot(Page page, String name) {
        Browsers.shot(page, name);
    }
}
