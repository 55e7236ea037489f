package io.sbme.support.privacy;

import io.sbme.contracts.PrivacyAck;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/** Carries out erase requests with every {@link Erasable} of the service, then acknowledges. */
public class ErasureStage {

    private static final Logger log = LoggerFactory.getLogger(ErasureStage.class);

    private final List<Erasable> erasables;
    private final ContractPublisher publisher;
    private final String service;
    private final Clock clock;

    public ErasureStage(List<Erasable> erasables, ContractPublisher publisher, String service, Clock clock) {
        this.erasables = erasables;
        this.publisher = publisher;
        this.service = service;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.PRIVACY_REQUESTS, groupId = "${spring.application.name}-privacy")
    public void on(PrivacyRequest request) {
        if (request == null || !PrivacyRequest.ERASE.equals(request.kind())) {
            return;
        }
        long erased = erasables.stream().mapToLong(e -> e.erase(request.userId())).sum();
        log.info("erase request {} carried out: {} items", request.requestId(), erased);
        publisher.publish(Topics.PRIVACY_ACKS, request.requestId(),
                new PrivacyAck(PrivacyAck.SCHEMA_VERSION, request.requestId(), service, erased, clock.instant()));
    }
}
