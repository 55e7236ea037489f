package io.sbme.decision.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Deterministic experiment assignment: the same user in the same experiment always lands in the
 * same arm, on every instance and after restarts, without storing anything.
 */
public final class Experiments {

    public static final String HOLDOUT = "holdout";
    private static final int BUCKETS = 10_000;

    private Experiments() {
    }

    /** An arm: a variant name, or {@link #HOLDOUT}. */
    public record Arm(String name, String variant) {
        public boolean holdout() {
            return HOLDOUT.equals(name);
        }
    }

    /**
     * The user's arm. {@code holdoutPercent} of the buckets are holdout; the rest are split evenly
     * among the variants. A holdout arm still names the variant the user would have seen, so a
     * forced or demo send can use it.
     */
    public static Arm assign(String userId, String experiment, int holdoutPercent, List<String> variants) {
        int bucket = bucket(userId + "|" + experiment);
        String variant = variants.get(Math.floorMod(bucket, variants.size()));
        if (bucket < holdoutPercent * (BUCKETS / 100)) {
            return new Arm(HOLDOUT, variant);
        }
        return new Arm(variant, variant);
    }

    private static int bucket(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(value, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
