package io.ossync.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one load, so that all of them are reported at once. */
final class ConfigProblems {
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    void error(String path, String message) {
        errors.add(new ConfigProblem(path, message));
    }

    void warning(String path, String message) {
        warnings.add(new ConfigProblem(path, message));
    }

    int errorCount() {
        return errors.size();
    }

    List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }
}
