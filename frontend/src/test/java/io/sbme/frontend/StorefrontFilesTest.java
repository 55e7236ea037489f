package io.sbme.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks the storefront's static files: the catalog, markup the gateway's CSP allows, and the e2e test ids. */
class StorefrontFilesTest {

    private static final Path SRC = Path.of("src");

    /** The ids the browser test relies on (BRIEF.md); renaming one breaks the e2e walk. */
    private static final List<String> STOREFRONT_TEST_IDS = List.of(
            "product-card", "product-name", "product-price", "add-to-cart", "product-modal", "cart-button", "cart-count",
            "cart", "cart-line", "cart-qty-inc", "cart-qty-dec", "cart-remove", "checkout", "place-order",
            "order-confirmation", "consent-modal", "consent-phone", "consent-whatsapp", "consent-sms", "consent-preferred",
            "consent-submit", "consent-error", "consent-dismiss", "open-consent", "profile-badge", "change-channel",
            "revoke-consent", "delete-data", "trigger-abandoned-cart", "message-preview", "wa-card", "wa-image", "wa-body",
            "wa-cta", "wa-status", "sms-text", "sms-meta", "ig-preview", "send-simulate", "preview-reason", "my-messages",
            "my-message", "toast");

    @Test
    void catalogDefinesAtLeastEightDistinctProductsWithLocalSvgImagesAndProductUrls() {
        // given the catalog, the one place products are defined
        JsonNode products = JsonMapper.builder().build().readTree(read(SRC.resolve("catalog.json"))).get("products");

        // then it holds at least eight complete products whose images are committed files
        assertThat(products.size()).isGreaterThanOrEqualTo(8);
        Set<String> ids = new HashSet<>();
        for (JsonNode product : products) {
            String id = product.get("id").asString();
            assertThat(ids.add(id)).as("unique id %s", id).isTrue();
            assertThat(id).matches("p-[a-z0-9-]+");
            assertThat(product.get("sku").asString()).isNotBlank();
            assertThat(product.get("name").asString()).isNotBlank();
            assertThat(product.get("description").asString()).hasSizeGreaterThan(20);
            assertThat(product.get("price").decimalValue()).isPositive();
            assertThat(product.get("currency").asString()).isEqualTo("INR");
            assertThat(product.get("url").asString()).isEqualTo("/?product=" + id);
            String image = product.get("image").asString();
            assertThat(image).startsWith("/img/products/").endsWith(".svg");
            assertThat(SRC.resolve(image.substring(1))).isRegularFile();
        }
    }

    @Test
    void productArtworkReferencesNothingOutsideTheFile() {
        // when the SVGs are scanned for links, then none points anywhere (no external hosts, no other files)
        for (Path svg : files(SRC.resolve("img"), ".svg")) {
            String text = read(svg).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertThat(text).as(svg.toString()).doesNotContain("http:").doesNotContain("https:").doesNotContain("href=");
        }
    }

    @Test
    void storefrontMarkupAndScriptsNeedNoInlineScriptStyleOrHandlerUnderTheGatewayCsp() {
        // given the CSP "script-src 'self'; style-src 'self'", inline code and style attributes are refused by the browser
        String html = read(SRC.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find()).as("inline <script>").isFalse();
        assertThat(Pattern.compile("<style[\\s>]").matcher(html).find()).as("<style> element").isFalse();
        assertThat(Pattern.compile("\\sstyle=").matcher(html).find()).as("style attribute").isFalse();
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as("inline event handler").isFalse();
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        for (Path script : files(SRC.resolve("js/store"), ".js")) {
            String js = read(script);
            assertThat(js).as(script.toString())
                    .doesNotContain("innerHTML")
                    .doesNotContain("setAttribute('style'")
                    .doesNotContain("eval(")
                    .doesNotContain("new Function(");
        }
    }

    @Test
    void everyTestIdTheBrowserTestUsesIsRenderedByTheStorefront() {
        // given the page and the scripts that render the dynamic parts
        StringBuilder all = new StringBuilder(read(SRC.resolve("index.html")));
        files(SRC.resolve("js/store"), ".js").forEach(p -> all.append(read(p)));
        Set<String> found = new HashSet<>();
        Matcher matcher = Pattern.compile("data-testid=\"([a-z-]+)\"|testid: '([a-z-]+)'").matcher(all);
        while (matcher.find()) {
            found.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }

        // then each listed id is there
        assertThat(found).containsAll(STOREFRONT_TEST_IDS);
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
