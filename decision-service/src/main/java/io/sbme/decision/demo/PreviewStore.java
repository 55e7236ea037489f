package io.sbme.decision.demo;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import io.sbme.decision.Candidate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Demo previews in Redis ({@code dec:preview:<previewId>}, 15 minutes), so "send" publishes what was shown. */
@Component
public class PreviewStore {

    static final Duration KEEP = Duration.ofMinutes(15);

    private final StringRedisTemplate redis;

    PreviewStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * A rendered preview.
     *
     * @param messageId the id the message will carry when sent (the preview's tracking link already names it)
     * @param sentMessageId set once the preview was sent, so a repeated send answers the same message
     */
    record Preview(String previewId, String userId, Candidate candidate, Decision decision, String messageId,
                   String sentMessageId) {
    }

    void save(Preview preview) {
        redis.opsForValue().set("dec:preview:" + preview.previewId(), ContractJson.writeString(preview), KEEP);
        redis.opsForSet().add("dec:upreview:" + preview.userId(), preview.previewId());
        redis.expire("dec:upreview:" + preview.userId(), KEEP);
    }

    Optional<Preview> find(String previewId) {
        String json = redis.opsForValue().get("dec:preview:" + previewId);
        return json == null ? Optional.empty() : Optional.of(ContractJson.read(json, Preview.class));
    }

    public long erase(String userId) {
        Set<String> ids = redis.opsForSet().members("dec:upreview:" + userId);
        long erased = 0;
        if (ids != null) {
            for (String id : ids) {
                erased += Boolean.TRUE.equals(redis.delete("dec:preview:" + id)) ? 1 : 0;
            }
        }
        redis.delete("dec:upreview:" + userId);
        return erased;
    }
}
