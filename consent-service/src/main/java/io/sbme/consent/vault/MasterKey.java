package io.sbme.consent.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the vault's master key: from configuration ({@code SBME_VAULT_MASTER_KEY}, base64 of 32
 * bytes) in production; on a developer's machine from a key file under {@code SBME_DATA_DIR},
 * generated on first start, so the local vault survives restarts.
 */
public final class MasterKey {

    static final String FILE_NAME = "vault-master.key";
    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;

    private MasterKey() {
    }

    /**
     * @param configured the configured key (base64), or blank to use the local key file
     * @param dataDir where the local key file lives
     * @throws IllegalStateException when a configured key is not base64 of 32 bytes
     */
    public static byte[] load(String configured, Path dataDir) {
        return load(configured, dataDir, false);
    }

    /**
     * @param required whether a configured key is mandatory (no local key file is generated)
     * @throws IllegalStateException when a configured key is not base64 of 32 bytes, or is required and missing
     */
    public static byte[] load(String configured, Path dataDir, boolean required) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), "SBME_VAULT_MASTER_KEY");
        }
        if (required) {
            throw new IllegalStateException("SBME_VAULT_MASTER_KEY is required here (SBME_VAULT_MASTER_KEY_REQUIRED=true):"
                    + " set it to base64 of 32 random bytes (openssl rand -base64 32) from the store's secret store;"
                    + " a generated key would be lost with the pod, and every stored number with it");
        }
        Path file = dataDir.resolve(FILE_NAME);
        log.warn("SBME_VAULT_MASTER_KEY is not set: the contact vault uses the local key file {}. "
                + "Production must set SBME_VAULT_MASTER_KEY (base64 of 32 random bytes).", file.toAbsolutePath());
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the vault key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key) + "\n";
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            log.warn("generated a new local vault master key in {}", file.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
            // another instance created it first; read theirs
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(source + " must hold 32 bytes (AES-256), found " + key.length);
        }
        return key;
    }
}
