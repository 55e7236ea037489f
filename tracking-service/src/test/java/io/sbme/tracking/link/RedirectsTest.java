package io.sbme.tracking.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

class RedirectsTest {

    private static final String STORE = "http://localhost:8080";

    @Test
    void landsOnTheComposedDestinationWithUtmParameters() {
        URI landing = Redirects.landing(STORE, "/?product=p-aurora-lamp", Channel.SMS, Flow.ABANDONED_CART, "B", "msg-1");

        var query = UriComponentsBuilder.fromUri(landing).build().getQueryParams();
        assertThat(landing.toString()).startsWith("http://localhost:8080/?");
        assertThat(query.getFirst("product")).isEqualTo("p-aurora-lamp");
        assertThat(query.getFirst("utm_source")).isEqualTo("sms");
        assertThat(query.getFirst("utm_medium")).isEqualTo("messaging");
        assertThat(query.getFirst("utm_campaign")).isEqualTo("abandoned_cart");
        assertThat(query.getFirst("utm_content")).isEqualTo("B");
        assertThat(query.getFirst("utm_message_id")).isEqualTo("msg-1");
    }

    @Test
    void replacesUtmParametersTheDestinationAlreadyHad() {
        URI landing = Redirects.landing(STORE, "/cart?utm_source=evil&utm_message_id=x", Channel.WHATSAPP,
                Flow.PRICE_DROP, "A", "msg-2");

        var query = UriComponentsBuilder.fromUri(landing).build().getQueryParams();
        assertThat(query.get("utm_source")).containsExactly("whatsapp");
        assertThat(query.get("utm_message_id")).containsExactly("msg-2");
    }

    @Test
    void neverLeavesTheStore() {
        assertThat(Redirects.storePath(STORE, "https://evil.example/phish")).isEqualTo("/");
        assertThat(Redirects.storePath(STORE, "//evil.example/phish")).isEqualTo("/");
        assertThat(Redirects.storePath(STORE, "/\\evil.example")).isEqualTo("/");
        assertThat(Redirects.storePath(STORE, "javascript:alert(1)")).isEqualTo("/");
        assertThat(Redirects.storePath(STORE, null)).isEqualTo("/");
        assertThat(Redirects.storePath(STORE, "http://localhost:8080.evil.example/x")).isEqualTo("/");
        assertThat(Redirects.landing(STORE, "https://evil.example/", Channel.SMS, Flow.MANUAL, "A", "m").getHost())
                .isEqualTo("localhost");
    }

    @Test
    void acceptsAnAbsoluteDestinationOnTheStoreItself() {
        assertThat(Redirects.storePath(STORE, "http://localhost:8080/?product=p-1")).isEqualTo("/?product=p-1");
    }
}
