package io.sbme.decision.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hash assignment: stable per user, near its shares over 10,000 users. */
class ExperimentsTest {

    private static final List<String> VARIANTS = List.of("A", "B");

    @Test
    void assignsTheSameArmToTheSameUserEveryTime() {
        for (int i = 0; i < 500; i++) {
            String user = "u-" + i;

            Experiments.Arm first = Experiments.assign(user, "abandoned_cart", 10, VARIANTS);
            Experiments.Arm again = Experiments.assign(user, "abandoned_cart", 10, VARIANTS);

            assertThat(again).isEqualTo(first);
        }
    }

    @Test
    void putsNearTheConfiguredShareOfTenThousandUsersInTheHoldoutAndSplitsTheRestEvenly() {
        Map<String, Long> arms = IntStream.range(0, 10_000)
                .mapToObj(i -> Experiments.assign("u-" + Integer.toHexString(i * 7919), "abandoned_cart", 10, VARIANTS).name())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(arms.get("holdout") / 10_000.0).isCloseTo(0.10, within(0.015));
        assertThat(arms.get("A") / 10_000.0).isCloseTo(0.45, within(0.02));
        assertThat(arms.get("B") / 10_000.0).isCloseTo(0.45, within(0.02));
    }

    @Test
    void assignsIndependentlyPerExperiment() {
        long differs = IntStream.range(0, 1000)
                .filter(i -> !Experiments.assign("u-" + i, "abandoned_cart", 10, VARIANTS).name()
                        .equals(Experiments.assign("u-" + i, "price_drop", 10, VARIANTS).name()))
                .count();

        assertThat(differs).isGreaterThan(300);
    }

    @Test
    void putsNobodyInTheHoldoutWhenItsShareIsZero() {
        boolean anyHeld = IntStream.range(0, 2000)
                .anyMatch(i -> Experiments.assign("u-" + i, "abandoned_cart", 0, VARIANTS).holdout());

        assertThat(anyHeld).isFalse();
    }
}
