package io.sbme.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.testing.TestRedis;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With no broker to acknowledge, ingest answers 503 and forgets the event id so a retry is taken. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.producer.properties.max.block.ms=500",
        "spring.kafka.producer.properties.request.timeout.ms=500",
        "spring.kafka.producer.properties.delivery.timeout.ms=1000",
        "ingest.publish-timeout=1s"})
class BrokerDownIT {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.data.redis.port", TestRedis::port);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closed);
    }

    @LocalServerPort
    int port;
    @Autowired
    GatewayToken tokens;
    @Autowired
    StringRedisTemplate redis;

    @Test
    void answers503WithRetryAfterAndReleasesTheEventIdWhenKafkaIsUnreachable() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json")
                .header(GatewayToken.HEADER, tokens.mint(new Caller("u-down", Caller.Role.SHOPPER)))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type":"view_product","eventId":"evt-down-1","properties":{"product_id":"p-1"}}"""))
                .build();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.body()).contains("broker_unavailable");
        assertThat(redis.hasKey(Deduplicator.PREFIX + "evt-down-1")).isFalse();
    }
}
