package io.sbme.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.consent.phone.PhoneNumbers;
import io.sbme.consent.profile.Actor;
import io.sbme.consent.profile.Consents;
import io.sbme.consent.profile.OptIn;
import io.sbme.contracts.Channel;
import io.sbme.support.web.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The vault gate: resolve calls race a revoke, a thousand times; once the revoke call has
 * returned, no resolve that starts afterwards gets the number.
 */
class RevokeGateIT extends ConsentStageTest {

    private static final int ITERATIONS = 1000;
    private static final int RESOLVERS = 2;
    private static final int CALLS_AFTER_REVOKE = 3;

    @Autowired
    Consents consents;
    @Autowired
    PhoneNumbers numbers;

    /** One resolve call: when it started and whether it got the number. */
    record Call(long startedAt, boolean resolved) {
    }

    @Test
    void noResolveThatStartsAfterARevokeReturnedGetsTheNumber() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RESOLVERS);
        long violations = 0;
        long callsAfterRevoke = 0;
        long resolvedDuringRace = 0;
        try {
            for (int i = 0; i < ITERATIONS; i++) {
                String userId = newUserId();
                consents.optIn(userId, OptIn.of(new OptIn.Request(newIndianMobile(), List.of("whatsapp", "sms"),
                        null, "v1"), numbers), Actor.shopper());
                consents.confirmOrResubscribe(userId, Channel.WHATSAPP, "SM" + i,
                        new Actor("tracking-service", Actor.KEYWORD_YES));
                Channel channel = i % 2 == 0 ? Channel.WHATSAPP : Channel.SMS;
                Set<Channel> revoked = i % 3 == 0 ? Set.of() : Set.of(channel);
                AtomicLong revokeReturnedAt = new AtomicLong(Long.MAX_VALUE);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Call>>> resolvers = new ArrayList<>();
                for (int r = 0; r < RESOLVERS; r++) {
                    resolvers.add(pool.submit(() -> resolveUntilAfter(userId, channel, go, revokeReturnedAt)));
                }

                go.countDown();
                consents.revoke(userId, revoked, Actor.shopper());
                long returnedAt = System.nanoTime();
                revokeReturnedAt.set(returnedAt);

                for (Future<List<Call>> resolver : resolvers) {
                    for (Call call : resolver.get(30, TimeUnit.SECONDS)) {
                        if (call.startedAt() > returnedAt) {
                            callsAfterRevoke++;
                            violations += call.resolved() ? 1 : 0;
                        } else if (call.resolved()) {
                            resolvedDuringRace++;
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).as("resolves that got the number after the revoke returned").isZero();
        assertThat(callsAfterRevoke).isGreaterThanOrEqualTo((long) ITERATIONS * RESOLVERS * CALLS_AFTER_REVOKE);
        assertThat(resolvedDuringRace).as("resolves that won the race (the race was real)").isPositive();
    }

    private List<Call> resolveUntilAfter(String userId, Channel channel, CountDownLatch go, AtomicLong revokeReturnedAt)
            throws InterruptedException {
        List<Call> calls = new ArrayList<>();
        go.await();
        int after = 0;
        while (after < CALLS_AFTER_REVOKE) {
            long startedAt = System.nanoTime();
            boolean resolved;
            try {
                consents.resolve(userId, channel);
                resolved = true;
            } catch (ApiProblem refused) {
                resolved = false;
            }
            calls.add(new Call(startedAt, resolved));
            if (startedAt > revokeReturnedAt.get()) {
                after++;
            }
        }
        return calls;
    }
}
