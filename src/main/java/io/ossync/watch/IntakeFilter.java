package io.ossync.watch;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which files the intake admits: never the names editors and downloaders use for files that are
 * not finished ({@code *.tmp}, {@code *.part}, {@code *.swp}, {@code .#*}, {@code *~}; the
 * suffixes in any letter case), then whatever the root's filter says about the relative path.
 */
final class IntakeFilter {

    private static final String[] EXCLUDED_SUFFIXES = {".tmp", ".part", ".swp"};

    private IntakeFilter() {
    }

    static boolean admits(WatchRoot root, Path relative) {
        Path name = relative.getFileName();
        if (name == null || isAlwaysExcluded(name.toString())) {
            return false;
        }
        return root.filter().test(relative);
    }

    static boolean isAlwaysExcluded(String fileName) {
        if (fileName.startsWith(".#") || fileName.endsWith("~")) {
            return true;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : EXCLUDED_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
