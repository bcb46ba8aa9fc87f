package io.ossync.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recognises what looks like a credential in configuration: names such as
 * {@code access-key-secret}, {@code password}, {@code OSS_SESSION_TOKEN}, and values shaped like
 * an Alibaba Cloud AccessKey ID or a URL carrying a user and password. Credentials belong in the
 * daemon's environment, never in the configuration file, and their values never in a message.
 */
final class SecretHints {

    private static final List<String> SECRET_WORDS = List.of(
            "secret", "password", "passwd", "token", "accesskey", "credential", "privatekey", "apikey");
    /** Alibaba Cloud AccessKey IDs start with LTAI. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\bLTAI[0-9A-Za-z]{12,30}\\b");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@");
    /**
     * Keys whose name reads like a credential but which only name where credentials come from
     * ({@code target.credentials: uri}); their own children are still checked by name and value.
     */
    private static final java.util.Set<String> SOURCE_KEYS = java.util.Set.of("target.credentials");
    /** A value that only refers to the environment holds no secret itself. */
    private static final Pattern ONLY_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-)?}");

    private SecretHints() {
    }

    /** Whether a key or variable name reads like one that holds a credential. */
    static boolean secretName(String name) {
        String flat = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return SECRET_WORDS.stream().anyMatch(flat::contains);
    }

    /** Whether a value as written looks like a credential or embeds one. */
    static boolean secretValue(String value) {
        return ACCESS_KEY_ID.matcher(value).find() || URL_WITH_PASSWORD.matcher(value).find();
    }

    /**
     * The key paths under {@code node} that seem to hold a credential written out in the file:
     * a secret-named key with a literal value, or a value shaped like one.
     */
    static List<String> find(JsonNode node) {
        List<String> found = new ArrayList<>();
        walk(node, "", false, found);
        return found;
    }

    private static void walk(JsonNode node, String path, boolean secretKey, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                boolean named = secretName(e.getKey()) && !SOURCE_KEYS.contains(child);
                walk(e.getValue(), child, secretKey || named, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", secretKey, found);
            }
        } else if (!node.isNull()) {
            String text = node.asText();
            boolean literal = !text.isBlank() && !ONLY_REFERENCE.matcher(text.strip()).matches();
            if ((secretKey && literal) || secretValue(text)) {
                found.add(path);
            }
        }
    }
}
