package io.ossync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands environment variables in configuration values: {@code ${NAME}} is the variable's value
 * and an error when it is unset; {@code ${NAME:-fallback}} gives {@code fallback} when the variable
 * is unset or empty, as in the shell; {@code $$} is a literal {@code $}; any other {@code $} stays as
 * written. Braces without a {@code $} (key templates such as {@code {hostname}}) are left alone.
 * The fallback is taken literally (no nested expansion).
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;

    EnvExpander(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A value after expansion and the names of the variables it used. */
    record Expansion(String value, List<String> variables) {
        Expansion {
            variables = List.copyOf(variables);
        }

        boolean expanded() {
            return !variables.isEmpty();
        }
    }

    /**
     * Expands every reference in {@code text}.
     *
     * @throws IllegalArgumentException naming the variable or the malformed reference
     */
    Expansion expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> used = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed \"${\" in \"" + text + "\" (write $$ for a literal $)");
                }
                String ref = text.substring(i + 2, close);
                out.append(resolve(ref));
                used.add(nameOf(ref));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Expansion(out.toString(), used);
    }

    private String resolve(String ref) {
        String name = nameOf(ref);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid environment variable reference \"${" + ref
                    + "}\" (expected ${NAME} or ${NAME:-default})");
        }
        String value = env.get(name);
        int sep = ref.indexOf(":-");
        if (sep >= 0) {
            return value == null || value.isEmpty() ? ref.substring(sep + 2) : value;
        }
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set (write ${"
                    + name + ":-default} to give a default)");
        }
        return value;
    }

    private static String nameOf(String ref) {
        int sep = ref.indexOf(":-");
        return sep >= 0 ? ref.substring(0, sep) : ref;
    }
}
