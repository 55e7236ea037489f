package io.sbme.support.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    private static final byte[] KEY = "Jefe".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    /** RFC 4231, test case 2. */
    private static final String EXPECTED = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void matchesTheRfc4231TestVectorOnEveryCall() {
        HmacSha256 hmac = new HmacSha256(KEY);

        assertThat(HexFormat.of().formatHex(hmac.of(DATA))).isEqualTo(EXPECTED);
        assertThat(HexFormat.of().formatHex(hmac.of(DATA))).isEqualTo(EXPECTED);
    }

    @Test
    void givesTheSameAnswerToManyThreadsAtOnce() throws Exception {
        HmacSha256 hmac = new HmacSha256(KEY);

        List<Boolean> allRight;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> answers = IntStream.range(0, 8).mapToObj(t -> pool.submit(() -> IntStream.range(0, 2_000)
                    .allMatch(i -> HexFormat.of().formatHex(hmac.of(DATA)).equals(EXPECTED)))).toList();
            allRight = answers.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        assertThat(allRight).containsOnly(true);
    }
}
