package io.sbme.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.BoundingBox;
import io.sbme.localstack.LocalStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The storefront on a phone (390 × 844, touch), where message links are opened: opt in and confirm,
 * change quantities and remove a line, preview the message, switch channel. At every step nothing
 * scrolls sideways, the controls are at least 44 px, and the message preview's button sits inside
 * its phone frame.
 */
class PhoneWalkIT {

    private static final int WIDTH = 390;
    private static final int TOUCH = 44;
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
    void theShopWorksAtAPhonesWidth() {
        BrowserContext context = browsers.browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(WIDTH, 844).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2));
        Page store = context.newPage();
        Browsers.collectConsoleErrors(store, consoleErrors);
        String phone = "+9197" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String last4 = phone.substring(phone.length() - 4);

        // The consent form: nothing to prefer until a channel is ticked.
        store.navigate(stack.gatewayUrl() + "/");
        assertThat(store.getByTestId("consent-modal")).isVisible();
        fits(store, "the consent form");
        store.getByTestId("consent-whatsapp").uncheck();
        store.getByTestId("consent-sms").uncheck();
        assertThat(store.getByTestId("consent-preferred")).isDisabled();
        store.getByTestId("consent-whatsapp").check();
        store.getByTestId("consent-sms").check();
        assertThat(store.getByTestId("consent-preferred")).isEnabled();
        store.getByTestId("consent-phone").fill(phone);
        Browsers.view(store, "phone-01-consent");
        store.getByTestId("consent-submit").click();

        // The confirmation arrives on the phone preview; YES confirms the number.
        Locator preview = store.getByTestId("message-preview");
        assertThat(preview.getByTestId("wa-body")).containsText("Reply YES", SLOW);
        fits(store, "the confirmation");
        preview.getByTestId("reply-yes").first().click();
        assertThat(store.getByTestId("profile-badge")).containsText("WhatsApp", SLOW);
        assertThat(store.getByTestId("profile-badge")).containsText(last4);
        store.keyboard().press("Escape");
        assertThat(preview).isHidden();

        // The grid and the cart: add two products, one more of the first, remove the second.
        fits(store, "the product grid");
        Locator cards = store.getByTestId("product-card");
        cards.nth(0).getByTestId("add-to-cart").click();
        cards.nth(1).getByTestId("add-to-cart").click();
        store.getByTestId("cart-button").click();
        Locator lines = store.getByTestId("cart-line");
        assertThat(lines).hasCount(2);
        String firstValue = lines.first().getAttribute("data-line-value");
        lines.first().getByTestId("cart-qty-inc").click();
        assertThat(lines.first().locator(".qty-value")).hasText("2");
        assertThat(lines.first()).not().hasAttribute("data-line-value", firstValue);
        lines.nth(1).getByTestId("cart-remove").click();
        assertThat(lines).hasCount(1);
        fits(store, "the cart");
        Browsers.view(store, "phone-02-cart");

        // The message preview: the WhatsApp card's button inside the phone frame.
        store.getByTestId("trigger-abandoned-cart").click();
        assertThat(preview.getByTestId("wa-cta").first()).isVisible();
        assertThat(store.getByTestId("preview-reason")).containsText("Ready to send");
        assertThat(store.getByTestId("preview-reason")).not().containsText("item(s)");
        // Toasts raised while the preview is open sit inside it; none floats over it.
        assertThat(store.locator("#toasts .toast")).hasCount(0);
        assertThat(preview.getByTestId("toast").first()).isVisible();
        Browsers.view(store, "phone-03-preview-top");
        Locator waScreen = preview.locator(".phone-screen").first();
        waScreen.scrollIntoViewIfNeeded();
        BoundingBox frame = waScreen.boundingBox();
        BoundingBox cta = preview.getByTestId("wa-cta").first().boundingBox();
        assertThat(cta.y + cta.height).as("the CTA's bottom inside the phone frame").isLessThanOrEqualTo(frame.y + frame.height);
        assertThat(cta.x + cta.width).as("the CTA's right edge inside the phone frame").isLessThanOrEqualTo(frame.x + frame.width);
        fits(store, "the message preview");
        Browsers.view(store, "phone-03-preview");
        store.keyboard().press("Escape");

        // Switch channel from the profile bar: messages now go by SMS.
        store.keyboard().press("Escape");
        store.getByTestId("change-channel").click();
        assertThat(store.getByTestId("profile-badge")).containsText("SMS", SLOW);
        fits(store, "the profile bar");
        Browsers.view(store, "phone-04-switched");

        assertThat(consoleErrors).as("console errors on the storefront").isEmpty();
        context.close();
    }

    /** Nothing scrolls sideways, and every visible control is at least 44 px both ways. */
    private static void fits(Page page, String where) {
        // Measured at rest: a dialog scales in as it opens.
        page.evaluate("() => Promise.all(document.getAnimations()"
                + ".filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)"
                + ".map((a) => a.finished.catch(() => null)))");
        Object width = page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(((Number) width).intValue()).as("page width on " + where).isLessThanOrEqualTo(WIDTH);
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) page.evaluate("""
                (least) => [...document.querySelectorAll('button, a.btn, input[type=checkbox], select, [role=button]')]
                  .filter((el) => el.checkVisibility && el.checkVisibility())
                  .filter((el) => !el.closest('[hidden], .phone-screen'))
                  .map((el) => {
                    // A checkbox is reached through its label, which is the target a finger hits.
                    const target = el.matches('input[type=checkbox]') && el.closest('label') ? el.closest('label') : el;
                    const box = target.getBoundingClientRect();
                    return { el, box };
                  })
                  .filter(({ box }) => box.width > 0 && box.height > 0
                    && (Math.round(box.width) < least || Math.round(box.height) < least))
                  .map(({ el, box }) => `${el.dataset.testid || el.id || el.className || el.tagName} ${Math.round(box.width)}x${Math.round(box.height)}`)
                """, TOUCH);
        assertThat(small).as("controls smaller than " + TOUCH + " px on " + where).isEmpty();
    }
}
