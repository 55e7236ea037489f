package io.sbme.sandbox.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The templates the sandbox approves out of the box, as Meta would have approved the store's. */
class ApprovedTemplatesTest {

    @Test
    void theOptInConfirmationIsApprovedByDefaultAndAcceptedWithItsStoreNameParameter() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String setting = yaml.getObject().getProperty("sandbox.whatsapp.templates");
        // ${SBME_SANDBOX_TEMPLATES:<default list>}
        List<String> approved = Arrays.stream(setting.substring(setting.indexOf(':') + 1, setting.length() - 1).split(","))
                .map(String::strip).toList();

        assertThat(approved).contains("opt_in_confirmation_a", "abandoned_cart_a");
        JsonNode confirmation = JsonMapper.builder().build().readTree("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"+919876543210","type":"template",
                 "template":{"name":"opt_in_confirmation_a","language":{"code":"en"},
                  "components":[{"type":"body","parameters":[{"type":"text","text":"Kinara"}]}]},
                 "biz_opaque_callback_data":"msg-1"}""");
        assertThat(CloudApiValidator.validate(confirmation, approved)).isEmpty();
        assertThat(CloudApiValidator.validate(confirmation, List.of("abandoned_cart_a"))).isPresent();
    }
}
