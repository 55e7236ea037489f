package io.sbme.dashboard.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Against the published worked examples: Newcombe (1998) "Two-sided confidence intervals for the
 * single proportion", Stat Med 17:857 (Wilson, 81/263) and Newcombe (1998) "Interval estimation
 * for the difference between independent proportions", Stat Med 17:873, Table II, method 10.
 */
class UpliftTest {

    @Test
    void wilsonIntervalMatchesNewcombesSingleProportionExample() {
        Uplift.Interval interval = Uplift.wilson(81, 263, Uplift.Z95);

        assertThat(interval.lower()).isCloseTo(0.2553, within(0.00005));
        assertThat(interval.upper()).isCloseTo(0.3662, within(0.00005));
    }

    @Test
    void wilsonIntervalOfZeroSuccessesStartsAtZero() {
        Uplift.Interval interval = Uplift.wilson(0, 10, Uplift.Z95);

        assertThat(interval.lower()).isZero();
        assertThat(interval.upper()).isCloseTo(0.2775, within(0.00005));
    }

    @ParameterizedTest(name = "{0}/{1} − {2}/{3} → [{4}, {5}]")
    @CsvSource({
            "56, 70, 48, 80, 0.0524, 0.3339",
            "9, 10, 3, 10, 0.1705, 0.8090",
            "6, 7, 2, 7, 0.0582, 0.8062",
            "5, 56, 0, 29, -0.0381, 0.1926",
            "0, 10, 0, 20, -0.1611, 0.2775",
            "0, 10, 0, 10, -0.2775, 0.2775",
            "10, 10, 0, 20, 0.6791, 1.0000",
            "10, 10, 0, 10, 0.6075, 1.0000",
    })
    void newcombeHybridScoreIntervalMatchesTheTableOfWorkedExamples(long s1, long n1, long s2, long n2,
                                                                     double lower, double upper) {
        Uplift.Interval interval = Uplift.newcombe(s1, n1, s2, n2, Uplift.Z95);

        assertThat(interval.lower()).isCloseTo(lower, within(0.00005));
        assertThat(interval.upper()).isCloseTo(upper, within(0.00005));
    }

    @Test
    void refusesImpossibleCounts() {
        assertThatThrownBy(() -> Uplift.wilson(5, 4, Uplift.Z95)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5/4");
        assertThatThrownBy(() -> Uplift.wilson(0, 0, Uplift.Z95)).isInstanceOf(IllegalArgumentException.class);
    }
}
