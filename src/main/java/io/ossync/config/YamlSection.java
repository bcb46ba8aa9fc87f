package io.ossync.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the configuration tree, read key by key with every problem recorded against its
 * key path instead of thrown: values are expanded ({@link EnvExpander}) then parsed; a missing or
 * null key is "not given"; a key the section does not declare is an error with a suggestion.
 * Messages quote a value as written, and an expanded value only when no variable it used has a
 * secret-looking name.
 */
final class YamlSection {

    /** A scalar value as written and as expanded. */
    record Scalar(String path, String raw, EnvExpander.Expansion expansion) {
        String value() {
            return expansion.value();
        }

        /** A parser's message about this value, made safe and traceable to what was written. */
        String explain(String message) {
            if (!expansion.expanded()) {
                return message;
            }
            if (expansion.variables().stream().anyMatch(SecretHints::secretName)) {
                return value().isEmpty() ? message : message.replace(value(), raw);
            }
            return message + " (from \"" + raw + "\")";
        }
    }

    private final JsonNode node;
    private final String path;
    private final EnvExpander env;
    private final ConfigProblems problems;

    private YamlSection(JsonNode node, String path, EnvExpander env, ConfigProblems problems) {
        this.node = node;
        this.path = path;
        this.env = env;
        this.problems = problems;
    }

    /** The root mapping; records an error and returns empty when the document is not a mapping. */
    static Optional<YamlSection> root(JsonNode node, EnvExpander env, ConfigProblems problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            problems.error("", "the configuration is empty");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.error("", "expected a mapping of keys (target, state, watches, ...) at the top, got " + kind(node));
            return Optional.empty();
        }
        return Optional.of(new YamlSection(node, "", env, problems));
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records an error for every key of this mapping that is not one of {@code known}. */
    void rejectUnknownKeys(Set<String> known) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            if (known.contains(key)) {
                continue;
            }
            if (SecretHints.secretName(key)) {
                problems.error(pathOf(key), "credentials are not read from the configuration file: set "
                        + "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS) "
                        + "in the daemon's environment, or name another source with target.credentials "
                        + "(" + CredentialsSource.names() + ")");
                continue;
            }
            String hint = Suggestions.closest(key, known)
                    .map(s -> "did you mean " + s + "?")
                    .orElse("expected one of: " + String.join(", ", known.stream().sorted().toList()));
            problems.error(pathOf(key), "unknown key (" + hint + ")");
        }
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** Whether {@code key} holds a mapping (a key that takes either a value or a mapping). */
    boolean isMapping(String key) {
        JsonNode v = node.get(key);
        return v != null && v.isObject();
    }

    /** The scalar at {@code key}, expanded; empty when not given or when it had an error. */
    Optional<Scalar> scalar(String key) {
        return scalarAt(node.get(key), pathOf(key));
    }

    private Optional<Scalar> scalarAt(JsonNode v, String at) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            problems.error(at, "expected a single value, got " + kind(v));
            return Optional.empty();
        }
        String raw = v.asText();
        try {
            return Optional.of(new Scalar(at, raw, env.expand(raw)));
        } catch (IllegalArgumentException e) {
            problems.error(at, e.getMessage());
            return Optional.empty();
        }
    }

    /** The value at {@code key} turned into a {@code T}; empty when not given or invalid (recorded). */
    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        return scalar(key).flatMap(s -> parse(s, parser));
    }

    /** Like {@link #parsed} but recording an error when the key is not given. */
    <T> Optional<T> required(String key, Function<String, T> parser) {
        if (!has(key)) {
            problems.error(pathOf(key), "required");
            return Optional.empty();
        }
        return parsed(key, parser);
    }

    <T> Optional<T> parse(Scalar s, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(s.value()));
        } catch (IllegalArgumentException e) {
            problems.error(s.path(), s.explain(e.getMessage()));
            return Optional.empty();
        }
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when not given or invalid. */
    int integer(String key, int fallback, int min, int max) {
        return parsed(key, text -> {
            try {
                int n = Integer.parseInt(text.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below with the range
            }
            throw new IllegalArgumentException("expected a whole number from " + min + " to " + max + ", got \"" + text + "\"");
        }).orElse(fallback);
    }

    /** {@code true} or {@code false}, or {@code fallback} when not given or invalid. */
    boolean flag(String key, boolean fallback) {
        return parsed(key, text -> switch (text.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
        }).orElse(fallback);
    }

    /** A list of strings (a single string counts as a list of one); empty when not given. */
    List<Scalar> strings(String key) {
        JsonNode v = node.get(key);
        String at = pathOf(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return scalarAt(v, at).stream().toList();
        }
        if (!v.isArray()) {
            problems.error(at, "expected a list, got " + kind(v));
            return List.of();
        }
        List<Scalar> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            scalarAt(v.get(i), at + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    /** The mapping at {@code key}; empty when not given or not a mapping (recorded). */
    Optional<YamlSection> section(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            problems.error(pathOf(key), "expected a mapping, got " + kind(v));
            return Optional.empty();
        }
        return Optional.of(new YamlSection(v, pathOf(key), env, problems));
    }

    /** The list of mappings at {@code key}; items that are not mappings are recorded and skipped. */
    List<YamlSection> sections(String key) {
        JsonNode v = node.get(key);
        String at = pathOf(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            problems.error(at, "expected a list, got " + kind(v));
            return List.of();
        }
        List<YamlSection> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String itemPath = at + "[" + i + "]";
            if (item.isObject()) {
                out.add(new YamlSection(item, itemPath, env, problems));
            } else {
                problems.error(itemPath, "expected a mapping, got " + kind(item));
            }
        }
        return out;
    }

    private static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "\"" + v.asText() + "\"";
    }
}
