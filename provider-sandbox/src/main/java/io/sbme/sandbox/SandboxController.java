package io.sbme.sandbox;

import io.sbme.sandbox.control.Behaviour;
import io.sbme.sandbox.control.RecordedRequest;
import io.sbme.sandbox.control.RequestLog;
import io.sbme.sandbox.control.World;
import io.sbme.sandbox.sms.TwilioInbound;
import io.sbme.sandbox.whatsapp.MetaWebhooks;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sandbox's own control surface for tests and the demo: what was received, how the providers
 * behave, a reset, and customer replies on demand.
 */
@RestController
@RequestMapping("/sandbox")
class SandboxController {

    private static final int MAX_TEXT = 4096;

    private final RequestLog requests;
    private final World world;
    private final MetaWebhooks meta;
    private final TwilioInbound twilio;
    private final Clock clock;

    SandboxController(RequestLog requests, World world, MetaWebhooks meta, TwilioInbound twilio, Clock clock) {
        this.requests = requests;
        this.world = world;
        this.meta = meta;
        this.twilio = twilio;
        this.clock = clock;
    }

    /** Every provider request received at or after {@code since} (epoch ms), in order. */
    @GetMapping("/requests")
    List<RecordedRequest> requests(@RequestParam(defaultValue = "0") long since) {
        return requests.since(since);
    }

    @GetMapping("/behaviour")
    Behaviour behaviour() {
        return world.behaviour();
    }

    /** Changes only the settings present in the body. */
    @PutMapping("/behaviour")
    Behaviour update(@RequestBody Map<String, Object> patch) {
        try {
            return world.update(patch);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** Forgets every request, customer reply and opt-out, and restores the default behaviour. */
    @PostMapping("/reset")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reset() {
        world.reset();
        requests.clear();
    }

    /**
     * A customer writes to our WhatsApp or SMS number: the sandbox posts the provider's signed inbound
     * webhook to the app and answers what the app answered.
     */
    @PostMapping("/inbound")
    Map<String, Object> inbound(@RequestBody Inbound inbound) {
        String channel = inbound.channel();
        if (!"whatsapp".equals(channel) && !"sms".equals(channel)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "channel must be whatsapp or sms");
        }
        if (inbound.from() == null || !inbound.from().matches("\\+[1-9]\\d{6,14}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be an E.164 number such as +919876549721");
        }
        if (inbound.text() == null || inbound.text().isBlank() || inbound.text().length() > MAX_TEXT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text must have 1 to " + MAX_TEXT + " characters");
        }
        world.inbound(channel, inbound.from(), inbound.text());
        String id;
        int status;
        if ("whatsapp".equals(channel)) {
            id = MetaWebhooks.newWamid(inbound.from());
            status = meta.postInbound(id, inbound.from(), inbound.text(), clock.instant().getEpochSecond());
        } else {
            id = twilio.newSid();
            status = twilio.post(id, inbound.from(), inbound.text());
        }
        return Map.of("channel", channel, "providerMessageId", id, "webhookStatus", status);
    }

    /** A customer's message to one of our numbers. */
    record Inbound(String channel, String from, String text) {
    }
}
