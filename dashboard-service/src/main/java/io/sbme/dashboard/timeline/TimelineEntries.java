package io.sbme.dashboard.timeline;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.PrivacyAck;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.TrackingEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** How each record reads on the timeline. Pure. */
public final class TimelineEntries {

    /** Every timeline type; the {@code type} filter of the logs endpoint accepts these. */
    public static final Set<String> TYPES = Set.of("event", "decision", "composition", "attempt", "status", "click",
            "conversion", "optout", "consent", "channel", "audit", "erase");

    private TimelineEntries() {
    }

    public static TimelineEntry of(CustomerEvent e) {
        Map<String, String> details = details("eventId", e.eventId(), "type", wire(e.type()), "source", e.source());
        String what = e.type() == null ? "event" : e.type().wireName();
        if (e.product() != null) {
            details.put("product", e.product().name());
            details.put("productId", e.product().productId());
            what += " · " + Objects.requireNonNullElse(e.product().name(), e.product().productId());
        }
        if (e.order() != null) {
            details.put("orderId", e.order().orderId());
            if (e.order().total() != null) {
                details.put("total", e.order().total().toPlainString() + " " + Objects.requireNonNullElse(e.order().currency(), ""));
            }
            what += " · order " + e.order().orderId();
        }
        String messageId = e.messageId() != null ? e.messageId()
                : e.order() != null ? e.order().utmMessageId() : null;
        return entry("event", e.occurredAt(), e.userId(), messageId, null, channel(e.channel()), null, what, details);
    }

    public static TimelineEntry of(Decision d) {
        String plan = d.channelPlan() == null ? "" : d.channelPlan().stream().map(Channel::wireName)
                .collect(Collectors.joining(","));
        Map<String, String> details = details("decisionId", d.decisionId(), "outcome", wire(d.outcome()),
                "reason", d.reason(), "explanation", d.explanation(), "experimentArm", d.experimentArm(),
                "variant", d.variant(), "templateId", d.templateId(), "channelPlan", plan, "trigger", d.trigger(),
                "eventId", d.eventId(), "forced", d.forced() ? "true" : null,
                "product", d.product() == null ? null : d.product().name(),
                "discountPercent", d.discountPercent() == null ? null : d.discountPercent().toString());
        String summary = wire(d.outcome()) + " " + flow(d.flow()) + " · " + Objects.requireNonNullElse(d.reason(), "")
                + (d.explanation() == null ? "" : " — " + d.explanation());
        return entry("decision", d.decidedAt(), d.userId(), d.messageId(), flow(d.flow()),
                d.channelPlan() == null || d.channelPlan().isEmpty() ? null : d.channelPlan().getFirst().wireName(),
                null, summary, details);
    }

    public static TimelineEntry of(MessageComposed m) {
        String plan = m.channelPlan() == null ? "" : m.channelPlan().stream().map(Channel::wireName)
                .collect(Collectors.joining(", "));
        Map<String, String> details = details("templateId", m.templateId(), "templateVersion",
                String.valueOf(m.templateVersion()), "variant", m.variant(), "channelPlan", plan,
                "smsEncoding", m.sms() == null ? null : m.sms().encoding(),
                "smsSegments", m.sms() == null ? null : String.valueOf(m.sms().segments()),
                "trackingUrl", m.trackingUrl());
        return entry("composition", m.composedAt(), m.userId(), m.messageId(), flow(m.flow()), null, null,
                "composed " + Objects.requireNonNullElse(m.templateId(), "message") + " v" + m.templateVersion()
                        + " for " + plan, details);
    }

    public static TimelineEntry of(DispatchResult r) {
        Map<String, String> details = details("resultId", r.resultId(), "attempt", String.valueOf(r.attempt()),
                "outcome", wire(r.outcome()), "cause", r.cause(), "errorCode", r.errorCode(),
                "providerMessageId", r.providerMessageId());
        String summary = channel(r.channel()) + " attempt " + r.attempt() + ": " + wire(r.outcome())
                + (r.cause() == null ? "" : " (" + r.cause() + ")");
        return entry("attempt", r.at(), r.userId(), r.messageId(), flow(r.flow()), channel(r.channel()),
                r.maskedPhone(), summary, details);
    }

    public static TimelineEntry of(TrackingEvent t) {
        String type = switch (t.status() == null ? io.sbme.contracts.TrackingStatus.UNKNOWN : t.status()) {
            case CLICKED -> "click";
            case CONVERTED -> "conversion";
            case OPTED_OUT -> "optout";
            default -> "status";
        };
        Map<String, String> details = details("trackingId", t.trackingId(), "status", wire(t.status()),
                "late", t.late() ? "true" : null, "firstForMessage", String.valueOf(t.firstForMessage()),
                "orderId", t.orderId(), "revenue", t.revenue() == null ? null : t.revenue().toPlainString(),
                "currency", t.currency(), "detail", t.detail(), "variant", t.variant());
        String summary = wire(t.status()) + " on " + channel(t.channel())
                + (t.revenue() == null ? "" : " · " + t.revenue().toPlainString() + " " + Objects.requireNonNullElse(t.currency(), ""))
                + (t.late() ? " (late)" : "");
        return entry(type, t.at(), t.userId(), t.messageId(), flow(t.flow()), channel(t.channel()), null, summary, details);
    }

    public static TimelineEntry of(ConsentState c) {
        List<String> channels = new java.util.ArrayList<>();
        if (c.consent() != null && c.consent().whatsapp()) {
            channels.add("whatsapp");
        }
        if (c.consent() != null && c.consent().sms()) {
            channels.add("sms");
        }
        String summary = Objects.requireNonNullElse(c.change(), wire(c.status())) + ": "
                + (channels.isEmpty() ? "no channel" : String.join(", ", channels))
                + (c.preferredChannel() == null ? "" : " (prefers " + c.preferredChannel().wireName() + ")");
        Map<String, String> details = details("status", wire(c.status()), "change", c.change(),
                "version", String.valueOf(c.version()), "regionCode", c.regionCode());
        return entry("consent", c.updatedAt(), c.userId(), null, null, channel(c.preferredChannel()),
                c.maskedPhone(), summary, details);
    }

    public static TimelineEntry of(ChannelControl c) {
        String channel = channel(c.channel());
        return entry("channel", c.changedAt(), null, null, null, channel, null,
                channel + (c.paused() ? " paused" : " resumed") + (c.changedBy() == null ? "" : " by " + c.changedBy()),
                details("paused", String.valueOf(c.paused()), "changedBy", c.changedBy()));
    }

    /**
     * An audit entry; {@code userErased} when its user had been erased before it arrived, so that it
     * shows as {@link Timeline#ERASED}, like the user's earlier entries.
     */
    public static TimelineEntry of(AuditEntry a, boolean userErased) {
        Map<String, String> details = new LinkedHashMap<>();
        if (a.details() != null) {
            a.details().entrySet().stream().limit(20).forEach(e -> details.put(e.getKey(), e.getValue()));
        }
        details.put("entryId", a.entryId());
        details.put("service", a.service());
        return entry("audit", a.at(), userErased ? Timeline.ERASED : a.userId(),
                a.subject() != null && a.subject().startsWith("m-") ? a.subject() : null, null, null, null,
                Objects.requireNonNullElse(a.actor(), "?") + " " + a.action()
                        + (a.subject() == null ? "" : " " + a.subject()) + " → " + a.outcome(), details);
    }

    /**
     * The entry as it is kept when its user had been erased before it arrived: every mention of the
     * id (field or text) reads {@link Timeline#ERASED} and the masked number is dropped, as the
     * erase does to the entries it finds.
     */
    public static TimelineEntry erased(TimelineEntry entry, String userId) {
        TimelineEntry renamed = ContractJson.read(ContractJson.writeString(entry).replace(userId, Timeline.ERASED),
                TimelineEntry.class);
        return new TimelineEntry(renamed.id(), renamed.type(), renamed.at(), renamed.userId(), renamed.messageId(),
                renamed.flow(), renamed.channel(), null, renamed.summary(), renamed.details());
    }

    public static TimelineEntry of(PrivacyRequest r) {
        return entry("erase", r.requestedAt(), null, null, null, null, null,
                r.kind() + " requested (request " + r.requestId() + ")",
                details("requestId", r.requestId(), "requestedBy", r.requestedBy()));
    }

    /**
     * What a confirmation erased, in words: a service with nothing left (consent-service erases the
     * profile and the vault entry as the request is made, before any confirmation) says so.
     */
    static String erasedWords(long items) {
        return items <= 0 ? ": nothing left to erase" : items == 1 ? ": 1 item erased" : ": " + items + " items erased";
    }

    public static TimelineEntry of(PrivacyAck a) {
        return entry("erase", a.completedAt(), null, null, null, null, null,
                a.service() + " confirmed erase " + a.requestId() + erasedWords(a.erasedItems()),
                details("requestId", a.requestId(), "service", a.service(), "erasedItems", String.valueOf(a.erasedItems())));
    }

    private static TimelineEntry entry(String type, java.time.Instant at, String userId, String messageId, String flow,
                                       String channel, String maskedPhone, String summary, Map<String, String> details) {
        return new TimelineEntry(0, type, at == null ? java.time.Instant.now() : at, userId, messageId, flow, channel,
                maskedPhone, bound(summary, 300), details);
    }

    private static Map<String, String> details(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
                map.put(pairs[i], bound(pairs[i + 1], 300));
            }
        }
        return map;
    }

    private static String bound(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String wire(Enum<?> value) {
        return value == null ? "unknown" : switch (value) {
            case Flow f -> f.wireName();
            case Channel c -> c.wireName();
            default -> {
                String json = io.sbme.contracts.ContractJson.writeString(value);
                yield json.substring(1, json.length() - 1);
            }
        };
    }

    private static String flow(Flow flow) {
        return flow == null ? null : flow.wireName();
    }

    private static String channel(Channel channel) {
        return channel == null ? null : channel.wireName();
    }
}
