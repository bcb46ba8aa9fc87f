package io.ossync.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a mistyped one was probably meant to be. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The closest known key: one that differs only in spelling style ({@code quiet_period},
     * {@code quietPeriod}) or by at most two edits (one for short keys); empty when none is close
     * or two are equally close.
     */
    static Optional<String> closest(String key, Collection<String> known) {
        String normal = kebab(key);
        for (String k : known) {
            if (k.equals(normal)) {
                return Optional.of(k);
            }
        }
        int limit = normal.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String k : known) {
            int d = distance(normal, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return bestDistance <= limit && !tie ? Optional.of(best) : Optional.empty();
    }

    /** {@code quietPeriod}, {@code Quiet_Period} and {@code quiet period} all become {@code quiet-period}. */
    static String kebab(String key) {
        String dashed = key.strip().replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[_\\s]+", "-");
        return dashed.toLowerCase(Locale.ROOT);
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
