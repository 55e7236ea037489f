package io.sbme.composer.template;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Flow;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Templates in Redis: {@code cmp:template:<id>} holds the current version, {@code
 * cmp:template:<id>:history} the last 50 versions (newest first), {@code cmp:templates} the ids.
 * Shared by every composer instance; seeded with {@link DefaultTemplates} where absent.
 */
@Component
public class TemplateStore {

    static final String IDS = "cmp:templates";
    private static final int HISTORY = 50;

    /** Writes a version only over an older one, so two concurrent saves cannot step back in time. */
    private static final RedisScript<Long> SAVE = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current and cjson.decode(current).version >= tonumber(ARGV[2]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('LPUSH', KEYS[2], ARGV[1])
            redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
            redis.call('SADD', KEYS[3], ARGV[4])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;

    TemplateStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        for (Template template : DefaultTemplates.all()) {
            if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key(template.id()), ContractJson.writeString(template)))) {
                redis.opsForList().leftPush(history(template.id()), ContractJson.writeString(template));
            }
            redis.opsForSet().add(IDS, template.id());
        }
    }

    public List<Template> all() {
        var ids = redis.opsForSet().members(IDS);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = ids.stream().sorted().map(TemplateStore::key).toList();
        List<String> values = redis.opsForValue().multiGet(keys);
        return values == null ? List.of() : values.stream().filter(Objects::nonNull)
                .map(v -> ContractJson.read(v, Template.class))
                .sorted(Comparator.comparing(Template::id)).toList();
    }

    public Optional<Template> find(String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(redis.opsForValue().get(key(id))).map(v -> ContractJson.read(v, Template.class));
    }

    /**
     * The template for a decision: the named one, else the flow's template for the variant, else
     * any of the flow's, else the built-in default of the flow (so a message is never lost for want
     * of a template).
     */
    public Template resolve(String templateId, Flow flow, String variant) {
        Optional<Template> named = find(templateId);
        if (named.isPresent()) {
            return named.get();
        }
        List<Template> all = all();
        return all.stream().filter(t -> t.flow() == flow && Objects.equals(t.variant(), variant)).findFirst()
                .or(() -> all.stream().filter(t -> t.flow() == flow).findFirst())
                .or(() -> DefaultTemplates.all().stream().filter(t -> t.flow() == flow).findFirst())
                .orElse(DefaultTemplates.all().getLast());
    }

    /** Stores the template as the next version; answers what was stored. */
    public Template save(Template template) {
        for (int tries = 0; tries < 5; tries++) {
            int next = find(template.id()).map(Template::version).orElse(0) + 1;
            Template versioned = template.nextVersion(next, template.updatedBy(), template.updatedAt());
            String json = ContractJson.writeString(versioned);
            Long written = redis.execute(SAVE, List.of(key(template.id()), history(template.id()), IDS),
                    json, String.valueOf(next), String.valueOf(HISTORY), template.id());
            if (written != null && written == 1) {
                return versioned;
            }
        }
        throw new IllegalStateException("template " + template.id() + " kept changing while saving");
    }

    public List<Template> history(String id, int limit) {
        List<String> values = redis.opsForList().range(history(id), 0, Math.max(0, Math.min(limit, HISTORY) - 1));
        return values == null ? List.of() : values.stream().map(v -> ContractJson.read(v, Template.class)).toList();
    }

    static String key(String id) {
        return "cmp:template:" + id;
    }

    private static String history(String id) {
        return "cmp:template:" + id + ":history";
    }
}
