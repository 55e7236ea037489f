package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.Topics;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pause and unpause channels. A change is published to {@code channel-control}; every instance
 * (this one included) applies it from there, so it holds for the next message everywhere.
 */
@RestController
class ChannelController {

    private final ChannelStates states;
    private final ContractPublisher publisher;
    private final ObjectProvider<AuditLog> audit;
    private final Clock clock;

    ChannelController(ChannelStates states, ContractPublisher publisher, ObjectProvider<AuditLog> audit, Clock clock) {
        this.states = states;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
    }

    record ChannelChange(Boolean paused) {
    }

    @GetMapping("/api/v1/admin/channels")
    Map<String, Map<String, Object>> channels(Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Channels are for admins.");
        }
        return states.view();
    }

    @GetMapping("/internal/channels")
    Map<String, Map<String, Object>> internal(Caller caller) {
        if (caller.role() != Caller.Role.SERVICE && !caller.isAdmin()) {
            throw ApiProblem.forbidden("For services only.");
        }
        return states.view();
    }

    @PutMapping("/api/v1/admin/channels/{channel}")
    Map<String, Map<String, Object>> change(Caller caller, @PathVariable String channel,
                                            @RequestBody ChannelChange change) {
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("Channels are for admins.");
        }
        Channel target = Channel.fromWire(channel).filter(c -> c == Channel.WHATSAPP || c == Channel.SMS)
                .orElseThrow(() -> ApiProblem.badRequest("Channel must be 'whatsapp' or 'sms', not '" + ContractBounds.cut(channel) + "'."));
        if (change == null || change.paused() == null) {
            throw ApiProblem.badRequest("Body must be {\"paused\": true|false}.");
        }
        ChannelControl control = new ChannelControl(ChannelControl.SCHEMA_VERSION, target, change.paused(),
                caller.subject(), clock.instant());
        publisher.publishAndWait(Topics.CHANNEL_CONTROL, target.wireName(), control, Duration.ofSeconds(10));
        states.on(control);
        audit.ifAvailable(a -> a.record(caller.subject(), change.paused() ? "channel.paused" : "channel.unpaused",
                target.wireName(), "ok", Map.of()));
        return states.view();
    }
}
