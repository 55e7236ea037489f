package io.sbme.support.health;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness of a service's Kafka side: DOWN while the broker cannot be reached, and until every
 * listener container runs and has partitions assigned. Why: a restarted service that says it is
 * ready before its consumers joined their groups acts on a partial view (a poller fires before the
 * records that would have stopped it are read); a service that cannot reach Kafka can accept
 * nothing it could pass on.
 *
 * <p>One instance holding no partition of a topic (more instances than partitions) stays not
 * ready: it could take over only after a rebalance, and then it becomes ready.
 */
public class KafkaListenersHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(1);

    private final Supplier<Collection<MessageListenerContainer>> containers;
    private final Supplier<AdminClient> adminFactory;
    private volatile AdminClient admin;

    public KafkaListenersHealthIndicator(Supplier<Collection<MessageListenerContainer>> containers,
                                         Supplier<AdminClient> adminFactory) {
        super("Kafka listeners health check failed");
        this.containers = containers;
        this.adminFactory = adminFactory;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Optional<String> broker = brokerUnreachable();
        if (broker.isPresent()) {
            builder.down().withDetail("broker", broker.get());
            return;
        }
        Map<String, String> states = new LinkedHashMap<>();
        for (MessageListenerContainer container : containers.get()) {
            states.put(container.getListenerId(), state(container));
        }
        boolean ready = states.values().stream().allMatch(s -> s.startsWith("assigned"));
        (ready ? builder.up() : builder.down()).withDetail("broker", "reachable").withDetail("listeners", states);
    }

    /** One container's state in words: what a person reading the health endpoint needs. */
    static String state(MessageListenerContainer container) {
        if (!container.isRunning()) {
            return "not running";
        }
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        if (assigned == null || assigned.isEmpty()) {
            return "waiting for partitions";
        }
        return "assigned " + assigned.size() + " partition" + (assigned.size() == 1 ? "" : "s");
    }

    private Optional<String> brokerUnreachable() {
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) BROKER_TIMEOUT.toMillis()))
                    .nodes().get(BROKER_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of("unreachable: " + cause.getClass().getSimpleName());
        }
    }

    private AdminClient admin() {
        AdminClient current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = adminFactory.get();
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        AdminClient current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
