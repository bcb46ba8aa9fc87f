package io.ossync.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A configuration file that cannot be used, with every error found (never just the first) and
 * the warnings found along the way.
 */
public final class ConfigException extends Exception {
    private final Path source;
    private final List<ConfigProblem> errors;
    private final List<ConfigProblem> warnings;

    public ConfigException(Path source, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        super(summary(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs an error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    private static String summary(Path source, List<ConfigProblem> errors) {
        String first = errors.isEmpty() ? "" : errors.get(0).toString();
        String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
        return "config " + source + ": " + first + more;
    }

    public Path source() {
        return source;
    }

    public List<ConfigProblem> errors() {
        return errors;
    }

    public List<ConfigProblem> warnings() {
        return warnings;
    }
}
