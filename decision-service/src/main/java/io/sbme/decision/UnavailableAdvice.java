package io.sbme.decision;

import io.sbme.support.kafka.ContractPublisher.BrokerUnavailableException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A decision that Kafka did not acknowledge was not made: answer 503 with {@code Retry-After}
 * rather than the generic 500. Ordered first so it wins over service-support's catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnavailableAdvice {

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The decision could not be recorded right now; nothing was sent. Try again in a few seconds.");
        problem.setTitle("Service Unavailable");
        problem.setProperties(new java.util.LinkedHashMap<>(Map.of("reason", "broker_unavailable")));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
