package io.sbme.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ContractJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class HashChainTest {

    private static JsonNode entry(String id, String outcome) {
        return ContractJson.mapper().readTree("{\"entryId\":\"" + id + "\",\"actor\":\"admin\",\"action\":\"channel.paused\","
                + "\"subject\":\"whatsapp\",\"outcome\":\"" + outcome + "\",\"details\":{\"b\":\"2\",\"a\":\"1\"}}");
    }

    private static List<HashChain.Link> chainOf(int n) {
        List<HashChain.Link> links = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (int i = 0; i < n; i++) {
            JsonNode node = entry("aud-" + i, "ok");
            String hash = HashChain.hash(previous, node);
            links.add(new HashChain.Link(i, previous, hash, node));
            previous = hash;
        }
        return links;
    }

    @Test
    void canonicalFormSortsKeysSoFieldOrderDoesNotChangeTheHash() {
        JsonNode one = ContractJson.mapper().readTree("{\"b\":1,\"a\":{\"y\":2,\"x\":null,\"w\":[3]}}");
        JsonNode two = ContractJson.mapper().readTree("{\"a\":{\"w\":[3],\"y\":2},\"b\":1}");

        assertThat(HashChain.canonical(one)).isEqualTo("{\"a\":{\"w\":[3],\"y\":2},\"b\":1}");
        assertThat(HashChain.hash(HashChain.GENESIS, one)).isEqualTo(HashChain.hash(HashChain.GENESIS, two));
    }

    @Test
    void hashIsSha256OfPreviousHashAndCanonicalJson() {
        JsonNode node = ContractJson.mapper().readTree("{\"a\":1}");

        // computed independently: python3 hashlib.sha256(("0" * 64 + '{"a":1}').encode()).hexdigest()
        assertThat(HashChain.hash(HashChain.GENESIS, node))
                .isEqualTo("fc6cee09194dd2578bd7664604fcb72a539066fd34544cea0009c43eb6cdc289");
    }

    @Test
    void anUntouchedChainVerifies() {
        HashChain.Verification verification = HashChain.verify(chainOf(5));

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(5);
        assertThat(verification.firstBadEntry()).isNull();
    }

    @Test
    void aChangedEntryIsDetectedAtItsPosition() {
        List<HashChain.Link> links = chainOf(5);
        HashChain.Link third = links.get(2);
        ((ObjectNode) third.entry()).put("outcome", "denied");

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(2);
    }

    @Test
    void aRemovedEntryIsDetectedAtTheNextOne() {
        List<HashChain.Link> links = chainOf(5);
        links.remove(1);

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(2);
    }
}
