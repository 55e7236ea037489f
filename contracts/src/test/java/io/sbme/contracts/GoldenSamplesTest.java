package io.sbme.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every record's golden JSON sample survives a read and a write unchanged. */
class GoldenSamplesTest {

    static Stream<String> topics() {
        return Topics.all().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyTopicsRecordRoundTripsItsGoldenSample(String topic) throws IOException {
        Class<?> type = Topics.valueType(topic);
        JsonNode golden = sample(type);

        Object record = ContractJson.mapper().treeToValue(golden, type);
        JsonNode written = ContractJson.mapper().readTree(ContractJson.write(record));

        assertThat(written).isEqualTo(golden);
    }

    @Test
    void consumersIgnoreFieldsAddedByNewerProducers() throws IOException {
        ObjectNode newer = (ObjectNode) sample(Decision.class);
        newer.put("fieldFromTheFuture", "ignored");
        newer.putObject("nested").put("x", 1);

        Decision decision = ContractJson.read(ContractJson.write(newer), Decision.class);

        assertThat(decision.decisionId()).isEqualTo("dec-9a1");
        assertThat(decision.channelPlan()).containsExactly(Channel.WHATSAPP, Channel.SMS);
    }

    @Test
    void aVersion1AuditEntryStillReadsAndWritesUnchangedWithNoUser() throws IOException {
        JsonNode golden = sample("AuditEntry.v1");

        AuditEntry entry = ContractJson.mapper().treeToValue(golden, AuditEntry.class);

        assertThat(entry.schemaVersion()).isEqualTo(1);
        assertThat(entry.subject()).isEqualTo("whatsapp");
        assertThat(entry.userId()).isNull();
        assertThat(ContractJson.mapper().readTree(ContractJson.write(entry))).isEqualTo(golden);
    }

    @Test
    void unknownEnumValuesFromNewerProducersBecomeUnknown() {
        String json = "{\"schemaVersion\":1,\"channel\":\"telegram\",\"paused\":true}";

        ChannelControl control = ContractJson.read(json, ChannelControl.class);

        assertThat(control.channel()).isEqualTo(Channel.UNKNOWN);
    }

    @Test
    void aPendingConsentStateRoundTripsAndAllowsOnlyItsConfirmation() throws IOException {
        JsonNode golden = sample("ConsentState.pending");

        ConsentState state = ContractJson.mapper().treeToValue(golden, ConsentState.class);

        assertThat(state.status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(state.allows(Channel.WHATSAPP)).isFalse();
        assertThat(state.awaitsConfirmationOn(Channel.WHATSAPP)).isTrue();
        assertThat(state.awaitsConfirmationOn(Channel.SMS)).isFalse();
        assertThat(ContractJson.mapper().readTree(ContractJson.write(state))).isEqualTo(golden);
    }

    @Test
    void aStatusOrFlowFromANewerProducerReadsAsUnknownAndAllowsNothing() {
        ConsentState state = ContractJson.read("{\"schemaVersion\":1,\"userId\":\"u-1\",\"status\":\"frozen\","
                + "\"consent\":{\"whatsapp\":true}}", ConsentState.class);

        assertThat(state.status()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(state.allows(Channel.WHATSAPP)).isFalse();
        assertThat(ContractJson.read("{\"flow\":\"birthday\"}", Decision.class).flow()).isEqualTo(Flow.UNKNOWN);
    }

    @Test
    void retryAndDeadLetterTopicsCarryTheMainTopicsType() {
        assertThat(Topics.valueType(Topics.COMPOSED_MESSAGES + "-retry-1000")).isEqualTo(MessageComposed.class);
        assertThat(Topics.valueType(Topics.COMPOSED_MESSAGES + "-retry")).isEqualTo(MessageComposed.class);
        assertThat(Topics.valueType(Topics.CUSTOMER_EVENTS + "-dlt")).isEqualTo(CustomerEvent.class);
    }

    @Test
    void segmentEventNamesMapToTheApiNames() {
        assertThat(EventType.parse("Product Added")).contains(EventType.ADD_TO_CART);
        assertThat(EventType.parse("order_completed")).contains(EventType.ORDER_COMPLETED);
        assertThat(EventType.parse("teleported")).isEmpty();
    }

    @Test
    void consentStateNeverCarriesAFullNumberField() {
        assertThat(ConsentState.class.getRecordComponents())
                .extracting(c -> c.getName().toLowerCase())
                .noneMatch(name -> name.equals("phone") || name.equals("e164") || name.equals("phonenumber"));
    }

    private static JsonNode sample(Class<?> type) throws IOException {
        return sample(type.getSimpleName());
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/samples/" + name + ".json")) {
            assertThat(in).as("golden sample %s", name).isNotNull();
            return ContractJson.mapper().readTree(in);
        }
    }
}
