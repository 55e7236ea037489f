package io.sbme.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/**
 * One kustomize overlay read the way {@code kubectl kustomize} reads it, for the parts this
 * repository uses: {@code resources} (files and directories, recursively) and strategic-merge
 * {@code patches} of maps, matched by kind and name.
 */
final class Overlay {

    /** The deployment files' root: {@code deploy/k8s}, found from the module's directory. */
    static final Path K8S = Path.of("k8s").toAbsolutePath();

    private final List<Map<String, Object>> documents;

    private Overlay(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    static Overlay of(String relative) {
        return new Overlay(render(K8S.resolve(relative)));
    }

    List<Map<String, Object>> documents() {
        return documents;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(doc -> name.equals(nameOf(doc))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    boolean has(String kind, String name) {
        return ofKind(kind).stream().anyMatch(doc -> name.equals(nameOf(doc)));
    }

    static String nameOf(Map<String, Object> doc) {
        return (String) map(doc, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> items ? (List<Object>) items : List.of();
    }

    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        try {
            for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(asMap(doc, file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static List<Map<String, Object>> render(Path directory) {
        Path kustomization = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(kustomization)) {
            throw new AssertionError(directory + " has no kustomization.yaml");
        }
        Map<String, Object> spec = yamlDocuments(kustomization).getFirst();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object entry : list(spec, "resources")) {
            Path resource = directory.resolve(entry.toString()).normalize();
            if (Files.isDirectory(resource)) {
                docs.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                docs.addAll(yamlDocuments(resource));
            } else {
                throw new AssertionError(kustomization + " lists " + entry + ", which does not exist");
            }
        }
        for (Object entry : list(spec, "patches")) {
            Path patchFile = directory.resolve(Objects.toString(asMap(entry, kustomization).get("path"))).normalize();
            if (!Files.isRegularFile(patchFile)) {
                throw new AssertionError(kustomization + " patches with " + patchFile + ", which does not exist");
            }
            for (Map<String, Object> patch : yamlDocuments(patchFile)) {
                Map<String, Object> target = docs.stream()
                        .filter(doc -> Objects.equals(doc.get("kind"), patch.get("kind")) && Objects.equals(nameOf(doc), nameOf(patch)))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(patchFile + " patches " + patch.get("kind") + " " + nameOf(patch)
                                + ", which the overlay does not have"));
                merge(target, patch);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (value instanceof Map<?, ?> patchChild && target.get(key) instanceof Map<?, ?> targetChild) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) targetChild);
                merge(copy, (Map<String, Object>) patchChild);
                target.put(key, copy);
            } else {
                target.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object doc, Path file) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw new AssertionError(file + " holds a document that is not a mapping: " + doc);
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }
}
