package io.ossync.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Decides which files of a watched folder are uploaded: a file is taken when its path relative to
 * the folder matches an include pattern (no includes means every file), no exclude pattern, and
 * none of the {@linkplain #ALWAYS_EXCLUDED always-excluded} patterns of editors' and downloaders'
 * temporary files, which apply to the file name at any depth. Patterns follow {@link GlobPattern}.
 * Immutable and thread-safe.
 */
public final class PathFilter {

    /** Temporary files that are never uploaded, whatever the configuration says. */
    public static final List<String> ALWAYS_EXCLUDED = List.of("*.tmp", "*.part", "*.swp", ".#*", "*~");

    private static final List<GlobPattern> ALWAYS = ALWAYS_EXCLUDED.stream().map(GlobPattern::compile).toList();

    private final List<GlobPattern> includes;
    private final List<GlobPattern> excludes;

    private PathFilter(List<GlobPattern> includes, List<GlobPattern> excludes) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
    }

    /**
     * A filter from glob patterns.
     *
     * @throws IllegalArgumentException for the first malformed pattern
     */
    public static PathFilter of(List<String> includes, List<String> excludes) {
        return new PathFilter(includes.stream().map(GlobPattern::compile).toList(),
                excludes.stream().map(GlobPattern::compile).toList());
    }

    /** The filter that takes every file but the always-excluded ones. */
    public static PathFilter everything() {
        return new PathFilter(List.of(), List.of());
    }

    /** Whether the file at this path, relative to the watched folder, is to be uploaded. */
    public boolean accepts(Path relativePath) {
        StringBuilder s = new StringBuilder();
        for (Path name : relativePath) {
            if (!s.isEmpty()) {
                s.append('/');
            }
            s.append(name);
        }
        return accepts(s.toString());
    }

    /** Whether the file at this {@code /}-separated path, relative to the watched folder, is to be uploaded. */
    public boolean accepts(String relativePath) {
        if (ALWAYS.stream().anyMatch(p -> p.matches(relativePath))) {
            return false;
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(p -> p.matches(relativePath))) {
            return false;
        }
        return excludes.stream().noneMatch(p -> p.matches(relativePath));
    }

    /** The include patterns as written; empty means every file. */
    public List<String> includes() {
        return includes.stream().map(GlobPattern::glob).toList();
    }

    /** The exclude patterns as written, without the always-excluded ones. */
    public List<String> excludes() {
        return excludes.stream().map(GlobPattern::glob).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathFilter f && f.includes.equals(includes) && f.excludes.equals(excludes);
    }

    @Override
    public int hashCode() {
        return 31 * includes.hashCode() + excludes.hashCode();
    }

    @Override
    public String toString() {
        return "include " + includes + " exclude " + excludes;
    }
}
