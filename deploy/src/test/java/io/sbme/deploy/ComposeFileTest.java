package io.sbme.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code docker-compose.yml} against the Compose Specification's own schema. */
class ComposeFileTest {

    @Test
    void theComposeFileFollowsTheComposeSpecification() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(SchemaLocation.of("classpath:schemas/compose-spec.json"));
        Map<String, Object> compose = Overlay.yamlDocuments(Path.of("..", "docker-compose.yml")).getFirst();
        JsonNode tree = StrictModels.mapper().valueToTree(compose);
        Set<ValidationMessage> problems = schema.validate(tree);
        assertThat(problems).isEmpty();
        assertThat(tree.path("services").size()).isGreaterThanOrEqualTo(11);

        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("services").path("redis")).put("restart_policy", "always");
        assertThat(schema.validate(tree)).as("a misplaced key is refused").isNotEmpty();
    }
}
