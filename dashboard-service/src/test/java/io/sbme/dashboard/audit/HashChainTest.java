package io.sbme.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.ContractJson;
import io.sbme.dashboard.audit.HashChain.Link;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class HashChainTest {

    private static final String ALICE = "u-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String BOB = "u-ffeeddccbbaa99887766554433221100";

    private static ObjectNode entry(String id, String outcome, String userId) {
        ObjectNode node = (ObjectNode) ContractJson.mapper().readTree("{\"entryId\":\"" + id + "\",\"actor\":\"admin\","
                + "\"action\":\"consent.revoked\",\"outcome\":\"" + outcome + "\",\"details\":{\"b\":\"2\",\"a\":\"1\"}}");
        if (userId != null) {
            node.put("userId", userId);
        }
        return node;
    }

    private static byte[] salt(int fill) {
        byte[] salt = new byte[HashChain.SALT_BYTES];
        Arrays.fill(salt, (byte) fill);
        return salt;
    }

    /** Links whose users cycle through nobody, Alice and Bob, starting at seq 0. */
    private static List<Link> chainOf(int n) {
        List<Link> links = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (int i = 0; i < n; i++) {
            String user = i % 3 == 1 ? ALICE : i % 3 == 2 ? BOB : null;
            Link link = HashChain.link(i, previous, entry("aud-" + i, "ok", user), salt(i + 1));
            links.add(link);
            previous = link.hash();
        }
        return links;
    }

    private static Link redacted(Link link) {
        return new Link(link.seq(), link.prevHash(), link.hash(), link.entry(), null, null, true);
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
    void theHashedEntryHoldsASaltedCommitmentToTheUserInsteadOfTheId() {
        ObjectNode entry = entry("aud-1", "ok", "u-1");

        Link link = HashChain.link(0, HashChain.GENESIS, entry, salt(1));

        // computed independently: python3 hashlib.sha256(bytes([1] * 32) + b'u-1').hexdigest()
        assertThat(link.entry().path(HashChain.COMMITMENT).asString())
                .isEqualTo("b1494bbd5fb3e2d2ffaade8536ba0aa087ecdf4f7ca9584d1fa20c746f75a7f7");
        assertThat(HashChain.canonical(link.entry())).doesNotContain("u-1");
        assertThat(link.hash()).isEqualTo(HashChain.hash(HashChain.GENESIS, link.entry()));
        assertThat(link.userId()).isEqualTo("u-1");
        assertThat(link.salt()).isEqualTo("01".repeat(32));
        assertThat(entry.has("userId")).as("the given entry is not modified").isTrue();
    }

    @Test
    void theSameUserGetsUnrelatedCommitmentsUnderDifferentSalts() {
        Link one = HashChain.link(0, HashChain.GENESIS, entry("aud-1", "ok", ALICE), salt(1));
        Link two = HashChain.link(0, HashChain.GENESIS, entry("aud-1", "ok", ALICE), salt(2));

        assertThat(one.entry().path(HashChain.COMMITMENT)).isNotEqualTo(two.entry().path(HashChain.COMMITMENT));
    }

    @Test
    void anEntryAboutNoUserHasNoCommitment() {
        Link link = HashChain.link(0, HashChain.GENESIS, entry("aud-1", "ok", null), salt(1));

        assertThat(link.entry().has(HashChain.COMMITMENT)).isFalse();
        assertThat(link.userId()).isNull();
        assertThat(link.salt()).isNull();
    }

    @Test
    void aSaltOfTheWrongSizeIsRefused() {
        assertThatThrownBy(() -> HashChain.link(0, HashChain.GENESIS, entry("aud-1", "ok", ALICE), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 4");
    }

    @Test
    void anUntouchedChainVerifies() {
        HashChain.Verification verification = HashChain.verify(chainOf(5));

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(5);
        assertThat(verification.firstBadEntry()).isNull();
    }

    @Test
    void aChainWithAUsersLinksRedactedStillVerifiesAndNoLongerNamesThem() {
        List<Link> links = chainOf(5);
        List<String> hashesBefore = links.stream().map(Link::hash).toList();

        links.replaceAll(link -> ALICE.equals(link.userId()) ? redacted(link) : link);

        assertThat(HashChain.verify(links)).isEqualTo(new HashChain.Verification(true, 5, null));
        assertThat(links).extracting(Link::hash).isEqualTo(hashesBefore);
        assertThat(links).extracting(Link::redacted).containsExactly(false, true, false, false, true);
        assertThat(links.toString()).doesNotContain(ALICE).contains(BOB);
    }

    @Test
    void aChangedEntryIsDetectedAtItsPosition() {
        List<Link> links = chainOf(5);
        ((ObjectNode) links.get(2).entry()).put("outcome", "denied");

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(2);
    }

    @Test
    void aChangedCommitmentIsDetectedEvenOnARedactedLink() {
        List<Link> links = chainOf(5);
        links.set(1, redacted(links.get(1)));
        Link bobs = HashChain.link(0, HashChain.GENESIS, entry("aud-x", "ok", BOB), salt(9));
        ((ObjectNode) links.get(1).entry()).set(HashChain.COMMITMENT, bobs.entry().get(HashChain.COMMITMENT));

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(1);
    }

    @Test
    void aLinkClaimingAnotherUserThanItsCommitmentIsDetected() {
        List<Link> links = chainOf(5);
        Link alices = links.get(4);
        links.set(4, new Link(alices.seq(), alices.prevHash(), alices.hash(), alices.entry(), BOB, alices.salt(), false));

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(4);
    }

    @Test
    void aUserLinkThatLostItsOpeningWithoutBeingRedactedIsDetected() {
        List<Link> links = chainOf(5);
        Link bobs = links.get(2);
        links.set(2, new Link(bobs.seq(), bobs.prevHash(), bobs.hash(), bobs.entry(), null, null, false));

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(2);
    }

    @Test
    void aUserAttachedToALinkWithoutACommitmentIsDetected() {
        List<Link> links = chainOf(5);
        Link nobodys = links.get(3);
        links.set(3, new Link(nobodys.seq(), nobodys.prevHash(), nobodys.hash(), nobodys.entry(), ALICE,
                "01".repeat(32), false));

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(3);
    }

    @Test
    void aRemovedEntryIsDetectedAtTheNextOne() {
        List<Link> links = chainOf(5);
        links.remove(1);

        HashChain.Verification verification = HashChain.verify(links);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBadEntry()).isEqualTo(2);
    }

    @Test
    void linksChainedBeforeUsersWereCommittedToStillVerify() {
        // A link stored before this version: no commitment, the hash over the entry as received.
        JsonNode old = ContractJson.mapper().readTree("{\"entryId\":\"aud-0\",\"action\":\"channel.paused\",\"subject\":\"whatsapp\"}");
        List<Link> links = new ArrayList<>(List.of(new Link(0, HashChain.GENESIS, HashChain.hash(HashChain.GENESIS, old), old,
                null, null, false)));
        links.add(HashChain.link(1, links.getFirst().hash(), entry("aud-1", "ok", ALICE), salt(1)));

        assertThat(HashChain.verify(links).valid()).isTrue();
    }
}
