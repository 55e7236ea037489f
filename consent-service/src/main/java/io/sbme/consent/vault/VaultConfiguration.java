package io.sbme.consent.vault;

import io.sbme.consent.ConsentProperties;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the master key once and derives the vault cipher and the blind indexes from it. */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    VaultKeys vaultKeys(ConsentProperties properties) {
        byte[] master = MasterKey.load(properties.vault().masterKey(), properties.vault().dataDir(),
                properties.vault().masterKeyRequired());
        try {
            return new VaultKeys(new VaultCipher(master), new BlindIndex(master));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    @Bean
    VaultCipher vaultCipher(VaultKeys keys) {
        return keys.cipher();
    }

    @Bean
    BlindIndex blindIndex(VaultKeys keys) {
        return keys.index();
    }

    /** Both products of one master key, so the key is read (and possibly generated) once. */
    record VaultKeys(VaultCipher cipher, BlindIndex index) {
    }
}
