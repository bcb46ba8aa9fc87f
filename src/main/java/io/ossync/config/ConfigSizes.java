package io.ossync.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes written in configuration: a whole number with an optional unit, {@code B},
 * the binary {@code KiB MiB GiB TiB} (powers of 1024) or the decimal {@code KB MB GB TB} (powers
 * of 1000), case-insensitive. A lone {@code K}, {@code M}, {@code G} or {@code T} is refused as
 * ambiguous rather than guessed. Kept private to the configuration: the rest of the code works
 * with plain byte counts.
 */
final class ConfigSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30), Map.entry("tib", 1L << 40),
            Map.entry("kb", 1_000L), Map.entry("mb", 1_000_000L), Map.entry("gb", 1_000_000_000L),
            Map.entry("tb", 1_000_000_000_000L));

    private ConfigSizes() {
    }

    /**
     * Returns the number of bytes written in {@code text}.
     *
     * @throws IllegalArgumentException with a one-line reason quoting the text
     */
    static long parse(String text) {
        String s = text.strip();
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative size \"" + text + "\"");
        }
        Matcher m = SIZE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (e.g. 512KiB, 8MiB, 1GiB)");
        }
        String unit = m.group(2);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            if (unit.length() == 1 && "kmgt".contains(unit)) {
                String u = unit.toUpperCase(Locale.ROOT);
                throw new IllegalArgumentException("ambiguous size unit in \"" + text + "\" (write "
                        + u + "iB for powers of 1024 or " + u + "B for powers of 1000)");
            }
            throw new IllegalArgumentException("unknown size unit in \"" + text
                    + "\" (expected B, KiB, MiB, GiB, TiB, KB, MB, GB or TB)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large");
        }
    }

    /** A size for messages: the exact binary unit when there is one, else bytes. */
    static String format(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return bytes + "B";
    }
}
