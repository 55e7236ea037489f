package io.sbme.dispatcher;

import java.time.Duration;

/** Dispatcher settings pointing at a {@link FakeProvider}. */
public final class TestSettings {

    private TestSettings() {
    }

    public static DispatcherProperties against(String url, Duration timeout) {
        return new DispatcherProperties(url,
                new DispatcherProperties.WhatsApp(url, "v21.0", "109876543210", "test-access-token"),
                new DispatcherProperties.Sms(url, "AC0123456789abcdef0123456789abcdef", "test-auth-token", "+15005550006",
                        "http://localhost:8080/webhooks/sms"),
                new DispatcherProperties.Rate(80, 30), null, timeout, null, null);
    }
}
