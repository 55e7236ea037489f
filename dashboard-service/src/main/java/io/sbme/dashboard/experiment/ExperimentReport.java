package io.sbme.dashboard.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One flow's A/B result: users, conversions and rate per arm, and the uplift of every variant
 * against the holdout with a 95% Newcombe interval. Uplift is reported per variant arm (the
 * API's experiment-level {@code uplift}/{@code ci95} become one entry per arm, because a flow can
 * have more than one variant).
 */
public record ExperimentReport(String flow, List<Arm> arms, List<ArmUplift> uplift) {

    /** The arm name that receives no message. */
    public static final String HOLDOUT = "holdout";

    /** Users assigned to an arm and how many of them converted. */
    public record Arm(String arm, long users, long conversions, Double rate) {
    }

    /**
     * A variant against holdout.
     *
     * @param absolute rate(variant) − rate(holdout)
     * @param relative absolute / rate(holdout); null when the holdout rate is zero
     * @param ci95 Newcombe's 95% interval for {@code absolute}
     * @param enoughData whether both arms reached the minimum sample; below it the numbers are shown
     *                   but must not be read as a result
     */
    public record ArmUplift(String arm, double absolute, Double relative, double[] ci95, boolean enoughData) {
    }

    /** The observed counts of one arm. */
    public record ArmCounts(String arm, long users, long conversions) {
    }

    /**
     * Builds the report from raw counts.
     *
     * @param minSamplePerArm below this many users in either arm, {@code enoughData} is false
     */
    public static ExperimentReport of(String flow, List<ArmCounts> counts, int minSamplePerArm) {
        List<Arm> arms = counts.stream()
                .sorted(Comparator.comparing((ArmCounts c) -> HOLDOUT.equals(c.arm())).thenComparing(ArmCounts::arm))
                .map(c -> new Arm(c.arm(), c.users(), Math.min(c.conversions(), c.users()),
                        c.users() == 0 ? null : (double) Math.min(c.conversions(), c.users()) / c.users()))
                .toList();
        Arm holdout = arms.stream().filter(a -> HOLDOUT.equals(a.arm())).findFirst().orElse(null);
        List<ArmUplift> uplift = new ArrayList<>();
        if (holdout != null && holdout.users() > 0) {
            for (Arm arm : arms) {
                if (arm == holdout || arm.users() == 0) {
                    continue;
                }
                double absolute = arm.rate() - holdout.rate();
                Double relative = holdout.rate() == 0 ? null : absolute / holdout.rate();
                Uplift.Interval ci = Uplift.newcombe(arm.conversions(), arm.users(), holdout.conversions(),
                        holdout.users(), Uplift.Z95);
                boolean enough = arm.users() >= minSamplePerArm && holdout.users() >= minSamplePerArm;
                uplift.add(new ArmUplift(arm.arm(), absolute, relative, new double[] {ci.lower(), ci.upper()}, enough));
            }
        }
        return new ExperimentReport(flow, arms, uplift);
    }
}
