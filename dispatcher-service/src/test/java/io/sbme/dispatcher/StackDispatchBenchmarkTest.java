package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackDispatchBenchmarkTest {

    @Test
    void theRawBaselineCountsTheChildrensUserAndSystemTime() {
        // bash's `times`: the shell's own user and system time, then its children's.
        String times = "0m0.004s 0m0.002s\n1m5.120s 0m0.310s\n";

        assertThat(StackDispatchBenchmark.childrenCpuNanos(times)).isEqualTo(65_430_000_000L);
    }
}
