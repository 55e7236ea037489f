package io.sbme.tracking.link;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import java.net.URI;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds where a tracking link lands: the store's public URL plus the destination the message was
 * composed with, plus the UTM parameters. Pure. Only a path on the store is possible — an absolute
 * destination on another host, a protocol-relative {@code //host} or anything unparsable lands on
 * the store's home page — so a link can never become an open redirect.
 */
final class Redirects {

    private Redirects() {
    }

    static URI landing(String publicBaseUrl, String destination, Channel channel, Flow flow, String variant,
                       String messageId) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUriString(publicBaseUrl + storePath(publicBaseUrl, destination));
        builder.replaceQueryParam("utm_source", channel == null ? "messaging" : channel.wireName());
        builder.replaceQueryParam("utm_medium", "messaging");
        builder.replaceQueryParam("utm_campaign", flow == null ? "unknown" : flow.wireName());
        builder.replaceQueryParam("utm_content", variant == null ? "none" : variant);
        builder.replaceQueryParam("utm_message_id", messageId);
        return builder.encode().build().toUri();
    }

    /** The destination's path and query on the store, or {@code /} when it is not a path on the store. */
    static String storePath(String publicBaseUrl, String destination) {
        if (destination == null || destination.isBlank() || destination.contains("\\")) {
            return "/";
        }
        String candidate = destination.trim();
        if (candidate.startsWith(publicBaseUrl + "/")) {
            candidate = candidate.substring(publicBaseUrl.length());
        }
        if (!candidate.startsWith("/") || candidate.startsWith("//")) {
            return "/";
        }
        try {
            UriComponents parsed = UriComponentsBuilder.fromUriString(candidate).build();
            if (parsed.getHost() != null || parsed.getScheme() != null) {
                return "/";
            }
        } catch (IllegalArgumentException e) {
            return "/";
        }
        int fragment = candidate.indexOf('#');
        return fragment >= 0 ? candidate.substring(0, fragment) : candidate;
    }
}
