package io.sbme.dashboard.experiment;

/**
 * Confidence intervals for conversion rates and their differences: Wilson's score interval for
 * one proportion and Newcombe's hybrid score interval (method 10 of Newcombe 1998, "Interval
 * estimation for the difference between independent proportions", Statistics in Medicine 17:873)
 * for the difference of two. Chosen over the Wald interval because A/B arms here are small and
 * rates are near zero, where Wald's coverage collapses.
 */
public final class Uplift {

    /** The two-sided 95% normal quantile. */
    static final double Z95 = 1.959963984540054;

    private Uplift() {
    }

    /** A closed interval. */
    public record Interval(double lower, double upper) {
    }

    /** Wilson's score interval (no continuity correction) for {@code successes} out of {@code trials}. */
    public static Interval wilson(long successes, long trials, double z) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials > 0, got "
                    + successes + "/" + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // Clamp rounding noise at the boundaries (0/n, n/n) so the limits stay inside [0, 1].
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Newcombe's hybrid score interval for p1 − p2, built from the two Wilson intervals.
     *
     * @return the interval for {@code s1/n1 − s2/n2}
     */
    public static Interval newcombe(long s1, long n1, long s2, long n2, double z) {
        Interval w1 = wilson(s1, n1, z);
        Interval w2 = wilson(s2, n2, z);
        double p1 = (double) s1 / n1;
        double p2 = (double) s2 / n2;
        double d = p1 - p2;
        double lower = d - Math.sqrt(square(p1 - w1.lower()) + square(w2.upper() - p2));
        double upper = d + Math.sqrt(square(w1.upper() - p1) + square(p2 - w2.lower()));
        return new Interval(Math.max(-1, lower), Math.min(1, upper));
    }

    private static double square(double x) {
        return x * x;
    }
}
