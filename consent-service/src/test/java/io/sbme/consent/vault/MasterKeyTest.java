package io.sbme.consent.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @Test
    void generatesAnOwnerOnlyKeyFileOnFirstStartAndReusesItAfterwards(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");

        byte[] first = MasterKey.load("", dataDir);
        byte[] second = MasterKey.load(null, dataDir);

        Path file = dataDir.resolve(MasterKey.FILE_NAME);
        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void takesTheConfiguredKeyAndWritesNoFile(@TempDir Path dir) {
        byte[] configured = new byte[32];
        configured[0] = 42;

        byte[] key = MasterKey.load(Base64.getEncoder().encodeToString(configured), dir);

        assertThat(key).isEqualTo(configured);
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
    }

    @Test
    void refusesAConfiguredKeyThatIsNot32BytesOfBase64(@TempDir Path dir) {
        assertThatThrownBy(() -> MasterKey.load(Base64.getEncoder().encodeToString(new byte[16]), dir))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.load("not base64!", dir)).hasMessageContaining("base64");
    }

    @Test
    void aRequiredKeyThatIsMissingStopsTheStartNamingTheSettingAndWritesNoFile(@TempDir Path dir) {
        assertThatThrownBy(() -> MasterKey.load(" ", dir, true)).hasMessageContaining("SBME_VAULT_MASTER_KEY");
        assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
    }
}
