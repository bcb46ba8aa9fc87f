package io.ossync.config;

/**
 * One thing wrong with a configuration, at a key path such as {@code watches[1].quiet-period}
 * (empty when the problem is the file as a whole).
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
