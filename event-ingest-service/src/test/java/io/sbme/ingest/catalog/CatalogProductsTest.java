package io.sbme.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.CatalogProduct;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What the store may put in its catalog, and the seed read from the storefront's catalog file. */
class CatalogProductsTest {

    private static CatalogProducts.Described described(String name, String price, String imageUrl) {
        return new CatalogProducts.Described(name, price == null ? null : new BigDecimal(price), "inr", imageUrl,
                "/?product=p-1", null);
    }

    @Test
    void aValidProductIsKeptWithItsCurrencyInCapitalsAndAvailableByDefault() {
        CatalogProduct product = CatalogProducts.validated("p-1", described("Aurora Desk Lamp", "2499", "/img/a.svg"));

        assertThat(product).isEqualTo(new CatalogProduct(1, "p-1", "Aurora Desk Lamp", new BigDecimal("2499"), "INR",
                "/img/a.svg", "/?product=p-1", true));
    }

    @Test
    void imagesArePathsOnTheStoreOrHttpsOnly() {
        assertThat(CatalogProducts.validated("p-1", described("Lamp", "1", "https://cdn.example/a.png")).imageUrl())
                .isEqualTo("https://cdn.example/a.png");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("Lamp", "1", "http://cdn.example/a.png")))
                .hasMessageContaining("imageUrl");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("Lamp", "1", "//evil.example/a.png")))
                .hasMessageContaining("imageUrl");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("Lamp", "1", "javascript:alert(1)")))
                .hasMessageContaining("imageUrl");
    }

    @Test
    void nameAndPriceAreRequiredAndBounded() {
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described(" ", "1", null))).hasMessageContaining("name");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("two\nlines", "1", null))).hasMessageContaining("name");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("Lamp", null, null))).hasMessageContaining("price");
        assertThatThrownBy(() -> CatalogProducts.validated("p-1", described("Lamp", "1000000000000", null)))
                .hasMessageContaining("price");
        assertThatThrownBy(() -> CatalogProducts.validated("p 1", described("Lamp", "1", null))).hasMessageContaining("id");
    }

    @Test
    void theSeedIsTheStorefrontsOwnCatalogFile() throws Exception {
        List<CatalogProduct> seed;
        try (InputStream in = getClass().getResourceAsStream("/static/catalog.json")) {
            seed = CatalogSeed.read(JsonMapper.shared().readTree(in));
        }

        assertThat(seed).hasSizeGreaterThanOrEqualTo(8);
        assertThat(seed).filteredOn(p -> p.id().equals("p-aurora-lamp")).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Aurora Desk Lamp");
            assertThat(p.price()).isEqualByComparingTo("2499");
            assertThat(p.imageUrl()).isEqualTo("/img/products/aurora-lamp.svg");
            assertThat(p.available()).isTrue();
        });
    }
}
