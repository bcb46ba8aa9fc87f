package io.ossync.ledger;

import java.nio.file.Path;

/**
 * The stored paths below a folder, as a half-open range of strings: {@code [lower, upper)}. Every
 * path strictly under {@code /data/a} starts with {@code /data/a/}, and those are exactly the
 * strings from {@code /data/a/} up to, not including, {@code /data/a0} ({@code '0'} follows
 * {@code '/'}) in SQLite's binary order of UTF-8, because {@code '/'} is a one-byte character
 * there and no other character's encoding starts with its byte. Unlike {@code LIKE}, no character of a path ({@code %}, {@code _},
 * newlines...) has a special meaning, and the primary key index answers it.
 *
 * <p>The folder itself is not in its range. Paths are compared as stored: absolute and normalised,
 * with Unix separators (ossync runs on Linux).
 */
record PathRange(String lower, String upper) {

    private static final char SEPARATOR = '/';

    /** The range of the paths under {@code root}, made absolute and normalised first. */
    static PathRange under(Path root) {
        String folder = root.toAbsolutePath().normalize().toString();
        String prefix = folder.endsWith(String.valueOf(SEPARATOR)) ? folder : folder + SEPARATOR;
        return new PathRange(prefix, prefix.substring(0, prefix.length() - 1) + (char) (SEPARATOR + 1));
    }
}
