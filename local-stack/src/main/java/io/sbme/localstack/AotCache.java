package io.sbme.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JDK 25 ahead-of-time cache for one service (JEP 483/514): the Boot jar is extracted once
 * per build (an AOT cache cannot see classes inside nested jars), the first run records a training
 * cache as it exits, and later runs start from it — about twice as fast on this machine
 * (docs/benchmarks.md). Everything lives under the module's {@code target/aot}, so a rebuild
 * invalidates it.
 */
final class AotCache {

    private final Path jar;
    private final Path dir;

    AotCache(Path jar) {
        this.jar = jar;
        this.dir = jar.getParent().resolve("aot");
    }

    /** The JVM options and the jar to run: extracted when possible, with the cache or its training. */
    List<String> jvmArgsAndJar(String java) throws IOException {
        Path extracted = dir.resolve(jar.getFileName());
        Path stamp = dir.resolve("source.stamp");
        String source = Files.getLastModifiedTime(jar).toMillis() + ":" + Files.size(jar);
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(source) || !Files.exists(extracted)) {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            if (!extract(java)) {
                return List.of("-jar", jar.toString());
            }
            Files.writeString(stamp, source);
        }
        Path cache = dir.resolve("app.aot");
        String option = Files.exists(cache) ? "-XX:AOTCache=" + cache : "-XX:AOTCacheOutput=" + cache;
        return List.of(option, "-Xlog:aot=off", "-Xlog:cds=off", "-jar", extracted.toString());
    }

    /** Whether this run records the cache at exit (so stopping it takes longer). */
    boolean training() {
        return !Files.exists(dir.resolve("app.aot"));
    }

    private boolean extract(String java) throws IOException {
        Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
