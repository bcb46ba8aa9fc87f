package io.ossync.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The prefixes to list so that every key under any of the given prefixes is listed exactly once:
 * duplicates go, and so does every prefix that lies under another ({@code a/b/} under {@code a/};
 * everything under the empty prefix, which is the whole bucket). Pure.
 */
final class SweepPrefixes {

    private SweepPrefixes() {
    }

    /** The covering prefixes, in lexical order. */
    static List<String> covering(List<String> prefixes) {
        List<String> result = new ArrayList<>();
        // In lexical order a prefix comes right before the strings it is a prefix of, so each one
        // needs checking against the last kept one only.
        for (String p : new TreeSet<>(prefixes)) {
            if (result.isEmpty() || !p.startsWith(result.get(result.size() - 1))) {
                result.add(p);
            }
        }
        return List.copyOf(result);
    }
}
