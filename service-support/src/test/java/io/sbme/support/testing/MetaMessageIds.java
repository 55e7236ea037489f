package io.sbme.support.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * WhatsApp message ids as Meta mints them, for the provider fakes of our tests: {@code wamid.} +
 * base64 of a Thrift-compact structure whose first field holds the recipient's number, so a test
 * meets the same risk production does. The layout is the one decoded from Meta's documented example
 * (see provider-sandbox's {@code MetaWebhooks.newWamid}, which mints the same for the whole stack).
 */
public final class MetaMessageIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MetaMessageIds() {
    }

    /** A new id for a message to or from {@code e164}. */
    public static String forNumber(String e164) {
        byte[] digits = e164.replace("+", "").getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        byte[] suffix = HexFormat.of().withUpperCase().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        var out = new ByteArrayOutputStream();
        out.write(0x1C);
        out.write(0x18);
        out.write(digits.length);
        out.writeBytes(digits);
        out.writeBytes(new byte[] {0x15, 0x02, 0x00, 0x11, 0x18});
        out.write(suffix.length);
        out.writeBytes(suffix);
        out.write(0x00);
        return "wamid." + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
