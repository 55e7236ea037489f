package io.sbme.dashboard.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sbme.dashboard.experiment.ExperimentReport.ArmCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentReportTest {

    @Test
    void reportsEachVariantsUpliftAgainstHoldoutWithNewcombeInterval() {
        List<ArmCounts> counts = List.of(new ArmCounts("holdout", 80, 48), new ArmCounts("A", 70, 56));

        ExperimentReport report = ExperimentReport.of("abandoned_cart", counts, 30);

        assertThat(report.arms()).extracting(ExperimentReport.Arm::arm).containsExactly("A", "holdout");
        assertThat(report.arms().getFirst().rate()).isCloseTo(0.8, within(1e-9));
        ExperimentReport.ArmUplift a = report.uplift().getFirst();
        assertThat(a.arm()).isEqualTo("A");
        assertThat(a.absolute()).isCloseTo(0.2, within(1e-9));
        assertThat(a.relative()).isCloseTo(0.2 / 0.6, within(1e-9));
        assertThat(a.ci95()[0]).isCloseTo(0.0524, within(0.00005));
        assertThat(a.ci95()[1]).isCloseTo(0.3339, within(0.00005));
        assertThat(a.enoughData()).isTrue();
    }

    @Test
    void marksUpliftAsNotEnoughDataBelowTheMinimumSample() {
        List<ArmCounts> counts = List.of(new ArmCounts("holdout", 10, 0), new ArmCounts("A", 40, 4),
                new ArmCounts("B", 29, 3));

        ExperimentReport report = ExperimentReport.of("price_drop", counts, 30);

        assertThat(report.uplift()).extracting(ExperimentReport.ArmUplift::arm).containsExactly("A", "B");
        assertThat(report.uplift()).allSatisfy(u -> assertThat(u.enoughData()).isFalse());
        assertThat(report.uplift().getFirst().relative()).isNull();
    }

    @Test
    void hasNoUpliftWithoutAHoldoutArm() {
        ExperimentReport report = ExperimentReport.of("abandoned_cart", List.of(new ArmCounts("A", 50, 5)), 30);

        assertThat(report.arms()).hasSize(1);
        assertThat(report.uplift()).isEmpty();
    }
}
