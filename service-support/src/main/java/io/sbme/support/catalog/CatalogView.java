package io.sbme.support.catalog;

import io.sbme.contracts.CatalogProduct;
import io.sbme.contracts.Product;
import io.sbme.contracts.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The store's catalog as the compacted {@link Topics#CATALOG} says, held in memory by every service
 * that renders or prices products. Each instance reads the whole topic from its start (no consumer
 * group, no commits) on a thread of its own and then follows it, so a product the store changes is
 * seen by every instance within moments.
 *
 * <p>Lookups made before the first full read wait for it (once, up to {@link #FIRST_READ}): a
 * restarted service must not take a known product for an unknown one in its first seconds.
 */
public class CatalogView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogView.class);
    static final Duration FIRST_READ = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ConsumerFactory<String, Object> consumers;
    private final Map<String, CatalogProduct> products = new ConcurrentHashMap<>();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile boolean waited;
    private volatile boolean running;
    private volatile boolean everWritten;
    private volatile Consumer<String, Object> consumer;
    private Thread reader;

    public CatalogView(ConsumerFactory<String, Object> consumers) {
        this.consumers = consumers;
    }

    /** The product with this id, available or not; empty for an id the catalog does not have. */
    public Optional<CatalogProduct> find(String productId) {
        if (productId == null) {
            return Optional.empty();
        }
        awaitFirstRead();
        return Optional.ofNullable(products.get(productId));
    }

    /** The product when the store sells it now. */
    public Optional<CatalogProduct> available(String productId) {
        return find(productId).filter(CatalogProduct::available);
    }

    /**
     * An event's product as the catalog has it (name, price, currency, image, link), keeping only the
     * event's id and quantity; empty when the store does not sell the product.
     */
    public Optional<Product> priced(Product fromEvent) {
        return fromEvent == null ? Optional.empty()
                : available(fromEvent.productId()).map(p -> p.line(fromEvent.quantity()));
    }

    /** Every product, for listing. */
    public List<CatalogProduct> all() {
        awaitFirstRead();
        return products.values().stream().sorted(java.util.Comparator.comparing(CatalogProduct::id)).toList();
    }

    /** Whether the topic held any record when first read: a catalog the store never wrote is seeded. */
    public boolean everWritten() {
        awaitFirstRead();
        return everWritten;
    }

    /** Waits until the topic has been read to the end it had when reading began. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitFirstRead() {
        if (waited || loaded.getCount() == 0) {
            return;
        }
        if (!awaitLoaded(FIRST_READ)) {
            log.warn("the catalog was not read within {}; answering from what was read so far", FIRST_READ);
        }
        waited = true;
    }

    @Override
    public void start() {
        running = true;
        reader = Thread.ofPlatform().daemon().name("catalog-view").start(this::read);
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, Object> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void read() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        while (running) {
            try (Consumer<String, Object> c = consumers.createConsumer("catalog-view-" + UUID.randomUUID(), null, null,
                    overrides)) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("reading the catalog failed, reading it again: {}", e.toString());
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(Consumer<String, Object> c) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            // The topic is declared at start by another part of the service; until it exists there is nothing to read.
            List<PartitionInfo> infos = c.partitionsFor(Topics.CATALOG, POLL);
            partitions = infos == null ? List.of()
                    : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                c.poll(POLL);
            }
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
        everWritten = everWritten || end.values().stream().anyMatch(offset -> offset > 0);
        while (running) {
            for (ConsumerRecord<String, Object> record : c.poll(POLL)) {
                apply(record);
            }
            if (loaded.getCount() > 0 && partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                loaded.countDown();
                log.info("catalog read: {} products", products.size());
            }
        }
    }

    private void apply(ConsumerRecord<String, Object> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() instanceof CatalogProduct product) {
            products.put(record.key(), product);
        } else if (record.value() == null
                && record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) == null) {
            products.remove(record.key());
        } else {
            // Every instance reads the whole topic with no group of its own, so none sets the record aside
            // (each would, once per instance): it is left out, and the product keeps its last good version.
            log.warn("catalog record {}-{}@{} is unreadable and left out; product {} keeps its last readable version",
                    record.topic(), record.partition(), record.offset(), record.key());
        }
    }
}
