package io.ossync.util;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people write in configuration: {@code 500ms}, {@code 2s}, {@code 5m},
 * {@code 24h}, {@code 7d}, {@code 1h30m}, and a bare {@code 0}.
 *
 * <p>Each amount is a whole number followed by a unit (ms, s, m, h, d); several amounts add up but
 * their units must go from largest to smallest, each once, so that a typo like {@code 5m1h} or
 * {@code 2s2s} is caught rather than guessed at. Negative values, fractions and units missing or
 * unknown are rejected with a message that quotes the input: the caller prefixes it with the
 * setting's name.
 */
public final class DurationParser {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** Units from largest to smallest; a later amount must use a unit further down this list. */
    private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");
    private static final String EXAMPLES = "e.g. 500ms, 2s, 5m, 24h, 1h30m";

    private DurationParser() {
    }

    /**
     * Returns the duration written in {@code text}.
     *
     * @throws IllegalArgumentException with a one-line reason quoting the text
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative duration \"" + text + "\"");
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration (" + EXAMPLES + ")");
        }
        if (s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("duration \"" + text + "\" has no unit (" + EXAMPLES + ")");
        }
        Matcher m = AMOUNT.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        int lastUnit = -1;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\" (" + EXAMPLES + ")");
            }
            int unit = UNITS.indexOf(m.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("invalid duration \"" + text
                        + "\": units must go from largest to smallest, each once (" + EXAMPLES + ")");
            }
            lastUnit = unit;
            total = plus(total, m.group(1), m.group(2), text);
            at = m.end();
        }
        return total;
    }

    private static Duration plus(Duration total, String digits, String unit, String text) {
        try {
            long n = Long.parseLong(digits);
            Duration amount = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("unit " + unit);
            };
            return total.plus(amount);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large");
        }
    }
}
