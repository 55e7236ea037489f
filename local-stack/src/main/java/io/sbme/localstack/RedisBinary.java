package io.sbme.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Finds a redis-server binary: the system's when one is installed, else the Linux binary that the
 * embedded-redis jar (a Maven Central artifact) ships, extracted once into the data directory.
 */
final class RedisBinary {

    private static final String SHIPPED = "redis-server-6.2.6-v5-linux-amd64";

    private RedisBinary() {
    }

    static Path locate(Path home, Path dataDir) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path extracted = dataDir.resolve("bin").resolve(SHIPPED);
        if (Files.isExecutable(extracted)) {
            return extracted;
        }
        Path jar;
        try (Stream<Path> files = Files.list(home.resolve("local-stack/target/kafka-broker"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("embedded-redis")).findFirst()
                    .orElseThrow(() -> new IOException("no redis-server on PATH and no embedded-redis jar; build first"));
        }
        Files.createDirectories(extracted.getParent());
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(SHIPPED))) {
            Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(extracted, PosixFilePermissions.fromString("rwxr-xr-x"));
        return extracted;
    }
}
