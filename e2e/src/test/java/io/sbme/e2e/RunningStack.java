package io.sbme.e2e;

import io.sbme.localstack.LocalStack;
import io.sbme.localstack.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole product, started once per test run by the same launcher as {@code ./run.sh}, on free
 * ports beside any stack a developer has running, with a fresh data directory.
 */
final class RunningStack {

    static final String ADMIN_USER = "e2e-admin";
    static final String ADMIN_PASSWORD = "e2e-password-" + Long.toHexString(System.nanoTime());
    static final String INGEST_API_KEY = "e2e-key-" + Long.toHexString(System.nanoTime());

    private static LocalStack stack;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path home = Path.of("..").toAbsolutePath().normalize();
            Map<String, String> env = new HashMap<>();
            env.put("SBME_HOME", home.toString());
            env.put("SBME_DATA_DIR", Path.of("target", "sbme-" + ProcessHandle.current().pid()).toAbsolutePath().toString());
            env.put("SBME_FREE_PORTS", "true");
            env.put("SBME_HTTP_PORT", "18080");
            env.put("SBME_SANDBOX_PORT", "18090");
            env.put("SBME_KAFKA_PORT", "19092");
            env.put("SBME_REDIS_PORT", "16379");
            env.put("SBME_ADMIN_USER", ADMIN_USER);
            env.put("SBME_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.put("SBME_INGEST_API_KEY", INGEST_API_KEY);
            env.put("SBME_DEMO", "true");
            // Shoppers come from whichever country is in daytime when the tests run (DaytimeNumbers).
            env.put("SBME_ALLOWED_REGIONS", "IN,JP,DE,BR,US");
            // Every shopper of every suite comes from this machine's one address; the per-address
            // limits themselves are proven in GatewayIT.
            env.put("SBME_ADDRESS_RATE_PER_SECOND", "2000");
            env.put("SBME_ADDRESS_BURST", "4000");
            env.put("SBME_OPT_INS_PER_ADDRESS_PER_HOUR", "100000");
            // A fresh build trains no cache worth keeping; CI would only pay for writing it.
            env.put("SBME_AOT", "false");
            stack = LocalStack.start(Settings.fromEnvironment(env));
            System.out.println(stack.banner());
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return stack;
    }
}
