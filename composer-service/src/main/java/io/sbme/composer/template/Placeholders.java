package io.sbme.composer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The placeholders a template may use, and where they occur in a text. */
public final class Placeholders {

    /** Every placeholder name a template may use. Other services rely on these names: do not rename. */
    public static final Set<String> KNOWN = Set.of("product", "discount", "cta", "image", "name", "store");

    /** A word in braces; other braces (GSM extension characters in an SMS) are plain text. */
    public static final Pattern PATTERN = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private Placeholders() {
    }

    /** The placeholder names in a text, in order of appearance, repeats included. */
    public static List<String> in(String text) {
        List<String> names = new ArrayList<>();
        if (text != null) {
            Matcher matcher = PATTERN.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The names in a text that are not known placeholders. */
    public static List<String> unknownIn(String text) {
        return in(text).stream().filter(n -> !KNOWN.contains(n)).distinct().toList();
    }
}
