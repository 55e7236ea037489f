package io.sbme.ingest.catalog;

import io.sbme.contracts.CatalogProduct;
import io.sbme.contracts.Topics;
import io.sbme.ingest.events.ApiKeys;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.web.ApiProblem;
import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog API: the store's server keeps its products current with the same {@code X-Api-Key}
 * as the batch event API. What it writes is the only source of the names, prices, images and links
 * that messages show and that orders are priced with.
 */
@RestController
@RequestMapping("/api/v1/catalog/products")
class CatalogController {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final ApiKeys apiKeys;
    private final ContractPublisher publisher;

    CatalogController(ApiKeys apiKeys, ContractPublisher publisher) {
        this.apiKeys = apiKeys;
        this.publisher = publisher;
    }

    @PutMapping("/{id}")
    ResponseEntity<CatalogProduct> put(@RequestHeader(name = "X-Api-Key", required = false) String apiKey,
                                       @PathVariable String id, @RequestBody(required = false) CatalogProducts.Described body) {
        authorised(apiKey);
        CatalogProduct product;
        try {
            product = CatalogProducts.validated(id, body);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        publisher.publishAndWait(Topics.CATALOG, id, product, WRITE_TIMEOUT);
        return ResponseEntity.ok(product);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@RequestHeader(name = "X-Api-Key", required = false) String apiKey,
                                @PathVariable String id) {
        authorised(apiKey);
        if (!CatalogProducts.ID.matcher(id).matches()) {
            throw ApiProblem.badRequest("the product id must be 1-200 characters of letters, digits and ._:@-");
        }
        // A tombstone: compaction keeps no trace of the product, and every view drops it.
        publisher.publishAndWait(Topics.CATALOG, id, null, WRITE_TIMEOUT);
        return ResponseEntity.noContent().build();
    }

    private void authorised(String apiKey) {
        if (!apiKeys.accepts(apiKey)) {
            throw new ApiProblem(401, "Unauthorized", "A valid X-Api-Key header is required to change the catalog.");
        }
    }
}
