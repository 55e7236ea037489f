package io.sbme.consent.profile;

import io.sbme.consent.phone.PhoneNumbers;
import io.sbme.consent.phone.ValidPhone;
import io.sbme.contracts.Channel;
import io.sbme.support.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated opt-in: the channels to consent to, the preferred channel, the consent text version
 * and, unless the user only changes channels, the number.
 *
 * @param phone empty when the request keeps the number already in the vault
 * @param preferredChannel null to keep the current preference (or pick WhatsApp first)
 */
public record OptIn(Optional<ValidPhone> phone, Set<Channel> channels, Channel preferredChannel, String textVersion) {

    private static final Pattern TEXT_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    /** The body of {@code POST /api/v1/me/consent} (and its admin twin). */
    public record Request(String phone, List<String> channels, String preferredChannel, String consentTextVersion) {
    }

    /** Validates a request; every refusal is a 400 naming the field. */
    public static OptIn of(Request request, PhoneNumbers numbers) {
        if (request == null) {
            throw ApiProblem.badRequest("A JSON body with phone, channels, preferredChannel and consentTextVersion is required.");
        }
        Set<Channel> channels = Channels.parse(request.channels(), "channels");
        if (channels.isEmpty()) {
            throw ApiProblem.badRequest("channels must name at least one of 'whatsapp', 'sms'.");
        }
        Channel preferred = request.preferredChannel() == null || request.preferredChannel().isBlank()
                ? null : Channels.one(request.preferredChannel(), "preferredChannel");
        if (request.consentTextVersion() == null || !TEXT_VERSION.matcher(request.consentTextVersion()).matches()) {
            throw ApiProblem.badRequest(
                    "consentTextVersion is required: 1 to 32 letters, digits, '.', '_' or '-' (e.g. v1).");
        }
        Optional<ValidPhone> phone;
        try {
            phone = request.phone() == null || request.phone().isBlank()
                    ? Optional.empty() : Optional.of(numbers.parse(request.phone()));
        } catch (PhoneNumbers.InvalidPhoneException e) {
            throw new ApiProblem(400, "Bad Request", e.getMessage(), Map.of("field", "phone"));
        }
        return new OptIn(phone, channels, preferred, request.consentTextVersion());
    }
}
