package io.sbme.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.localstack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launcher supervises: a service killed with {@code kill -9} is started again and becomes ready. */
class LauncherSupervisionIT {

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = RunningStack.get();
    }

    @Test
    void aKilledServiceIsStartedAgainAndBecomesReady() {
        String service = "dashboard-service";
        long pid = stack.pid(service);
        int restarts = stack.restarts(service);

        stack.kill(service);
        stack.awaitReady(service);

        assertThat(stack.pid(service)).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(stack.restarts(service)).isEqualTo(restarts + 1);
        Http admin = new Http(stack.gatewayUrl()).loginAsAdmin();
        assertThat(admin.get("/api/v1/dashboard/metrics").status()).isEqualTo(200);
    }
}
