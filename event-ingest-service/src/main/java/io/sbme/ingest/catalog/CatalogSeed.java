package io.sbme.ingest.catalog;

import io.sbme.contracts.CatalogProduct;
import io.sbme.contracts.Topics;
import io.sbme.support.catalog.CatalogView;
import io.sbme.support.kafka.ContractPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills a catalog that the store never wrote from the seed file, by default the demo catalog the
 * storefront shows ({@code catalog.json}), so the demo's products are known from the first start.
 * A catalog with any record (even a deleted product) is the store's and is left alone.
 */
@Component
class CatalogSeed {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeed.class);

    private final CatalogView catalog;
    private final ContractPublisher publisher;
    private final ResourceLoader resources;
    private final String location;

    CatalogSeed(CatalogView catalog, ContractPublisher publisher, ResourceLoader resources,
                @Value("${ingest.catalog-seed:classpath:static/catalog.json}") String location) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.resources = resources;
        this.location = location;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedAnEmptyCatalog() {
        if (location.isBlank() || !catalog.awaitLoaded(Duration.ofSeconds(30)) || catalog.everWritten()) {
            return;
        }
        Resource resource = resources.getResource(location);
        List<CatalogProduct> products;
        try (InputStream in = resource.getInputStream()) {
            products = read(JsonMapper.shared().readTree(in));
        } catch (IOException | RuntimeException e) {
            log.warn("the catalog seed {} could not be read; the catalog stays empty until the store writes it: {}",
                    location, e.toString());
            return;
        }
        products.forEach(p -> publisher.publishAndWait(Topics.CATALOG, p.id(), p, Duration.ofSeconds(10)));
        log.info("catalog seeded with {} products from {}", products.size(), location);
    }

    /** The storefront's catalog file: {@code {"products":[{"id","name","price","currency","image","url"}]}}. */
    static List<CatalogProduct> read(JsonNode file) {
        List<CatalogProduct> products = new ArrayList<>();
        for (JsonNode p : file.path("products")) {
            String currency = p.path("currency").asString(file.path("currency").asString("INR"));
            products.add(CatalogProducts.validated(p.path("id").asString(), new CatalogProducts.Described(
                    p.path("name").asString(), new BigDecimal(p.path("price").asString()), currency,
                    p.path("image").asString(null), p.path("url").asString(null), true)));
        }
        return products;
    }
}
