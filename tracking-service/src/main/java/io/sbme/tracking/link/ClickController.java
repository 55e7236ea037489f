package io.sbme.tracking.link;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.TrackingStatus;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingEvents;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.messages.LinkCodes;
import io.sbme.tracking.messages.MessageRegistry;
import io.sbme.tracking.messages.TrackedMessage;
import io.sbme.tracking.outbox.OutboxRecord;
import io.sbme.tracking.privacy.ErasedUsers;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tracking link {@code /r/{code}}: records the click (every click for the total, the first per
 * message for the unique count), tells the pipeline ({@code CLICKED} and a {@code message_clicked}
 * customer event), and redirects to the store with UTM parameters. Query parameters of the request
 * are ignored: only the destination the message was composed with is reachable.
 */
@RestController
class ClickController {

    private static final String NOT_FOUND_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
            <body><h1>This link is not valid</h1><p>It may have expired. <a href="/">Go to the store</a>.</p></body></html>
            """;

    private final MessageRegistry registry;
    private final ErasedUsers erasedUsers;
    private final TrackingProperties properties;
    private final Clock clock;

    ClickController(MessageRegistry registry, ErasedUsers erasedUsers, TrackingProperties properties, Clock clock) {
        this.registry = registry;
        this.erasedUsers = erasedUsers;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/r/{code}")
    ResponseEntity<String> click(@PathVariable String code) {
        Optional<TrackedMessage> found = LinkCodes.isCode(code)
                ? registry.messageIdForCode(code).flatMap(registry::find)
                : Optional.empty();
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body(NOT_FOUND_PAGE);
        }
        Instant now = clock.instant();
        TrackedMessage clicked = found.get();
        Channel channel = clicked.clickChannel();
        registry.update(clicked.messageId, message -> {
            if (message == null) {
                return MessageRegistry.Change.none(null);
            }
            message.clicks++;
            List<OutboxRecord> records = new ArrayList<>();
            records.add(TrackingEvents.message(message.messageId, message.userId, message.flow, message.variant, channel,
                    TrackingStatus.CLICKED, null, false, message.clicks == 1, null, now));
            if (message.userId != null) {
                records.add(OutboxRecord.customer(new CustomerEvent(CustomerEvent.SCHEMA_VERSION,
                        UUID.randomUUID().toString(), message.userId, EventType.MESSAGE_CLICKED, now, now, "tracking", null,
                        null, null, null, channel, message.messageId, new CustomerEvent.Campaign(
                        channel == null ? null : channel.wireName(), "messaging",
                        message.flow == null ? null : message.flow.wireName(), message.variant, message.messageId))));
            }
            return new MessageRegistry.Change<>(message, null, records);
        });
        if (clicked.userId != null) {
            erasedUsers.setUnlessErased(clicked.userId, Keys.lastClick(clicked.userId),
                    ContractJson.writeString(new LastClick(clicked.messageId, channel, now)), properties.registryTtl());
        }
        URI landing = Redirects.landing(properties.publicBaseUrl(), clicked.destinationUrl, channel, clicked.flow,
                clicked.variant, clicked.messageId);
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, landing.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
