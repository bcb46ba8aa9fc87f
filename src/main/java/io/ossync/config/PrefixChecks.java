package io.ossync.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Refuses watches whose prefixes can give two files one object key: every watch uploads into the
 * one target bucket, so the second upload would silently overwrite the first.
 *
 * <p>Two prefixes conflict when the fixed start of one (its text before the first
 * {@code {date:...}}, with {@code {hostname}} expanded: {@link KeyTemplate#fixedPrefix()}) begins
 * the other's. Without placeholders this is exact: with {@code logs/} and {@code logs/web/},
 * {@code web/a.log} of the first folder and {@code a.log} of the second are both
 * {@code logs/web/a.log}. It is conservative where a part follows a date, or where what is left
 * cannot start a relative path: {@code a/{date:yyyy}/x/} and {@code a/{date:yyyy}/y/}, or
 * {@code logs} and {@code logs/}, could never collide but are refused too. Putting the distinct
 * part first ({@code x/{date:yyyy}/}) always passes, and a false alarm costs a config edit where a
 * missed collision costs data.
 */
final class PrefixChecks {

    /** A watch's prefix with the key path to report at and the folder to name. */
    record Prefix(String keyPath, KeyTemplate template, Path folder) {
    }

    private PrefixChecks() {
    }

    static void check(List<Prefix> prefixes, ConfigProblems problems) {
        for (int j = 0; j < prefixes.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (conflict(prefixes.get(i), prefixes.get(j))) {
                    problems.error(prefixes.get(j).keyPath(), describe(prefixes.get(i), prefixes.get(j)));
                    break; // one conflict is enough to report for a watch
                }
            }
        }
    }

    private static boolean conflict(Prefix a, Prefix b) {
        String fa = a.template().fixedPrefix();
        String fb = b.template().fixedPrefix();
        return fa.startsWith(fb) || fb.startsWith(fa);
    }

    private static String describe(Prefix first, Prefix second) {
        boolean dated = first.template().varies() || second.template().varies();
        return "\"" + second.template() + "\" (folder " + second.folder() + ") and " + first.keyPath() + " \""
                + first.template() + "\" (folder " + first.folder() + ") can give two files one key, one object "
                + "overwriting the other: give each watch its own prefix, neither starting with the other's"
                + (dated ? " (compared up to the first {date:...})" : "");
    }
}
