package io.sbme.support.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The forms a phone number takes where it could leak, for privacy scans: its digits as written,
 * and the same digits inside base64 or base64url text at each of the three byte alignments, which
 * is how a WhatsApp message id carries them ({@code wamid.HBgLMTY1MDUwNzY1MjAV…} holds
 * {@code 16505076520} as {@code MTY1MDUwNzY1MjA}). A scan asserts that none of them appears.
 */
public final class NumberForms {

    private NumberForms() {
    }

    /** The digits of {@code number} (any punctuation dropped), plain and in every base64 form. */
    public static List<String> of(String number) {
        String digits = number.replaceAll("\\D", "");
        if (digits.length() < 6) {
            throw new IllegalArgumentException("too few digits to scan for without false alarms: " + digits.length());
        }
        byte[] bytes = digits.getBytes(StandardCharsets.US_ASCII);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(digits);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // Only the characters whose six bits all come from the digits: the others depend on the neighbours.
            String stable = encoded.substring((offset * 8 + 5) / 6, (offset + bytes.length) * 8 / 6);
            forms.add(stable);
            forms.add(stable.replace('+', '-').replace('/', '_'));
        }
        return List.copyOf(forms);
    }

    /** The forms of several numbers at once. */
    public static List<String> ofAll(String... numbers) {
        return Arrays.stream(numbers).flatMap(n -> of(n).stream()).distinct().toList();
    }
}
