package io.sbme.ingest.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.CatalogProduct;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Orders are priced from the catalog only. */
class OrderPricingTest {

    private static final Map<String, CatalogProduct> CATALOG = Map.of(
            "p-lamp", product("p-lamp", "Aurora Desk Lamp", "2499", "INR", true),
            "p-mugs", product("p-mugs", "Terracotta Mug Set", "749", "INR", true),
            "p-old", product("p-old", "Retired Kettle", "999", "INR", false),
            "p-usd", product("p-usd", "Imported Lamp", "30", "USD", true));
    private static final Function<String, Optional<CatalogProduct>> FIND = id -> Optional.ofNullable(CATALOG.get(id));

    private static CatalogProduct product(String id, String name, String price, String currency, boolean available) {
        return new CatalogProduct(1, id, name, new BigDecimal(price), currency, "/img/" + id + ".svg", "/?product=" + id,
                available);
    }

    @Test
    void theTotalIsTheCatalogsPriceTimesTheQuantityOfEachLine() {
        OrderPricing.Priced priced = OrderPricing.price(
                List.of(new OrderPricing.Item("p-lamp", 2), new OrderPricing.Item("p-mugs", 1)), FIND);

        assertThat(priced.total()).isEqualByComparingTo("5747");
        assertThat(priced.currency()).isEqualTo("INR");
        assertThat(priced.lines()).extracting(p -> p.name()).containsExactly("Aurora Desk Lamp", "Terracotta Mug Set");
        assertThat(priced.lines()).extracting(p -> p.price()).containsExactly(new BigDecimal("2499"), new BigDecimal("749"));
    }

    @Test
    void theSameProductTwiceIsOneLineOfTheSummedQuantity() {
        OrderPricing.Priced priced = OrderPricing.price(
                List.of(new OrderPricing.Item("p-mugs", 1), new OrderPricing.Item("p-mugs", null)), FIND);

        assertThat(priced.lines()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        assertThat(priced.total()).isEqualByComparingTo("1498");
    }

    @Test
    void aProductTheStoreDoesNotSellIsRefused() {
        assertThatThrownBy(() -> OrderPricing.price(List.of(new OrderPricing.Item("p-phish", 1)), FIND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not sell p-phish");
        assertThatThrownBy(() -> OrderPricing.price(List.of(new OrderPricing.Item("p-old", 1)), FIND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not sell p-old");
    }

    @Test
    void quantitiesOutsideOneToTenThousandAndEmptyOrdersAreRefused() {
        assertThatThrownBy(() -> OrderPricing.price(List.of(new OrderPricing.Item("p-lamp", 0)), FIND))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> OrderPricing.price(List.of(new OrderPricing.Item("p-lamp", 10_001)), FIND))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> OrderPricing.price(List.of(), FIND)).hasMessageContaining("at least one");
    }

    @Test
    void linesInTwoCurrenciesAreRefused() {
        assertThatThrownBy(() -> OrderPricing.price(
                List.of(new OrderPricing.Item("p-lamp", 1), new OrderPricing.Item("p-usd", 1)), FIND))
                .hasMessageContaining("one currency");
    }
}
