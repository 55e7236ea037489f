package io.sbme.ingest.events;

import io.sbme.contracts.CustomerEvent;
import io.sbme.support.identity.Caller;
import io.sbme.support.kafka.ContractPublisher.BrokerUnavailableException;
import io.sbme.support.web.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The event API: single events from the storefront (the caller is the user) and batches from
 * server sources holding an API key. Answers 202 only once Kafka has the events; 503 with
 * {@code Retry-After} when it could not store them.
 */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

    private static final Logger log = LoggerFactory.getLogger(EventController.class);
    /** A single event is small; a batch of 1,000 rich events stays well under this. */
    private static final long MAX_SINGLE_BYTES = 64 * 1024;
    private static final long MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private final EventParser parser;
    private final EventIngestion ingestion;
    private final ApiKeys apiKeys;
    private final IngestProperties properties;

    private final Counted single;
    private final Counted batch;

    EventController(EventParser parser, EventIngestion ingestion, ApiKeys apiKeys, IngestProperties properties,
                    MeterRegistry meters) {
        this.single = Counted.of(meters, "single");
        this.batch = Counted.of(meters, "batch");
        this.parser = parser;
        this.ingestion = ingestion;
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    /** Answer to a single event. */
    record Stored(String eventId, boolean duplicate) {
    }

    /** Answer to a batch: each event is accepted or rejected on its own. */
    record BatchStored(int accepted, int duplicates, List<Rejection> rejected) {
    }

    /** Why the event at {@code index} was refused. */
    record Rejection(int index, String detail) {
    }

    @PostMapping
    ResponseEntity<Stored> one(Caller caller, HttpServletRequest request, @RequestBody JsonNode body) {
        bounded(request, MAX_SINGLE_BYTES);
        if (caller.role() != Caller.Role.SHOPPER) {
            throw ApiProblem.forbidden("Single events come from a storefront user; server sources use /api/v1/events/batch.");
        }
        EventParser.Parsed parsed = parser.parseForUser(body, caller.subject());
        if (parsed instanceof EventParser.Rejected(String detail)) {
            count(single, 0, 0, 1);
            throw ApiProblem.badRequest(detail);
        }
        CustomerEvent event = ((EventParser.Accepted) parsed).event();
        boolean duplicate = ingestion.store(List.of(event))[0];
        count(single, duplicate ? 0 : 1, duplicate ? 1 : 0, 0);
        return ResponseEntity.accepted().body(new Stored(event.eventId(), duplicate));
    }

    @PostMapping("/batch")
    ResponseEntity<BatchStored> batch(Caller caller, @RequestHeader(name = "X-Api-Key", required = false) String apiKey,
                                      HttpServletRequest request, @RequestBody JsonNode body) {
        bounded(request, MAX_BATCH_BYTES);
        if (!apiKeys.accepts(apiKey)) {
            throw new ApiProblem(401, "Unauthorized", "A valid X-Api-Key header is required for batch ingestion.");
        }
        JsonNode list = body == null ? null : body.path("events");
        if (list != null && list.isMissingNode()) {
            // Segment's batch API names the list "batch".
            list = body.path("batch");
        }
        if (list == null || !list.isArray()) {
            throw ApiProblem.badRequest("The body must be {\"events\": [...]} (or Segment's {\"batch\": [...]}).");
        }
        if (list.size() > properties.maxBatch()) {
            throw ApiProblem.badRequest("A batch may carry at most " + properties.maxBatch() + " events; this one has "
                    + list.size() + ".");
        }
        List<CustomerEvent> events = new ArrayList<>(list.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            EventParser.Parsed parsed = parser.parseFromSource(list.get(i));
            switch (parsed) {
                case EventParser.Accepted(CustomerEvent event) -> events.add(event);
                case EventParser.Rejected(String detail) -> rejected.add(new Rejection(i, detail));
            }
        }
        boolean[] duplicate = events.isEmpty() ? new boolean[0] : ingestion.store(events);
        int duplicates = 0;
        for (boolean d : duplicate) {
            duplicates += d ? 1 : 0;
        }
        count(batch, events.size() - duplicates, duplicates, rejected.size());
        return ResponseEntity.accepted().body(new BatchStored(events.size() - duplicates, duplicates, rejected));
    }

    private static void count(Counted counted, int accepted, int duplicates, int rejected) {
        counted.accepted().increment(accepted);
        counted.duplicate().increment(duplicates);
        counted.rejected().increment(rejected);
    }

    /** The outcome counters of one endpoint, looked up once rather than on every request. */
    private record Counted(Counter accepted, Counter duplicate, Counter rejected) {

        static Counted of(MeterRegistry meters, String endpoint) {
            return new Counted(meters.counter("sbme.ingest.events", "endpoint", endpoint, "result", "accepted"),
                    meters.counter("sbme.ingest.events", "endpoint", endpoint, "result", "duplicate"),
                    meters.counter("sbme.ingest.events", "endpoint", endpoint, "result", "rejected"));
        }
    }

    private static void bounded(HttpServletRequest request, long max) {
        if (request.getContentLengthLong() > max) {
            throw new ApiProblem(413, "Content Too Large", "The body may have at most " + max / 1024 + " KiB.");
        }
    }

    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException e) {
        log.warn("events not stored, Kafka did not acknowledge: {}", e.getCause() == null ? e : e.getCause().toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The events could not be stored right now; nothing was lost on your side. Retry after "
                        + properties.retryAfterSeconds() + " seconds with the same event ids.");
        problem.setTitle("Service Unavailable");
        problem.setProperties(new LinkedHashMap<>(Map.of("reason", "broker_unavailable")));
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", String.valueOf(properties.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
