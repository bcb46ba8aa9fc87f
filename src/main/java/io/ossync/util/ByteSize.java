package io.ossync.util;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, parsed from and formatted as text such as {@code 8MiB}, {@code 1.5 GiB} or
 * {@code 1048576}.
 *
 * <p>Units are binary only: {@code K}/{@code KiB} = 1024, {@code M}/{@code MiB} = 1024², {@code G}/
 * {@code GiB} = 1024³, {@code T}/{@code TiB} = 1024⁴, {@code B} or nothing = bytes; case does not
 * matter and a space may separate number and unit. {@code KB}, {@code MB}, {@code GB} and
 * {@code TB} are refused: people read them as decimal as often as binary, and a part size or a
 * bandwidth limit that is off by 5% must not happen silently. A fraction is accepted when it comes
 * to a whole number of bytes ({@code 1.5KiB} = 1536, but not {@code 0.3KiB}).
 *
 * <p>{@link #format(long)} gives the largest unit that keeps the value at least 1, with at most two
 * decimals ({@code 8 MiB}, {@code 1.5 GiB}, {@code 48.83 TiB}); exact values parse back to the same
 * number.
 */
public record ByteSize(long bytes) {

    public static final long KIB = 1024L;
    public static final long MIB = 1024L * KIB;
    public static final long GIB = 1024L * MIB;
    public static final long TIB = 1024L * GIB;

    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final String[] UNIT_NAMES = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final long[] UNIT_SIZES = {1, KIB, MIB, GIB, TIB};

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte size cannot be negative: " + bytes);
        }
    }

    /**
     * Parses a size such as {@code 256KiB}, {@code 8 MiB}, {@code 1G} or {@code 1048576}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static ByteSize parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a byte size is required, e.g. 8MiB or 1048576");
        }
        String trimmed = text.trim();
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size: write a number "
                    + "of bytes (1048576) or a number with a binary unit (256KiB, 8MiB, 1GiB)");
        }
        long unit = unitSize(text, m.group(2));
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        if (value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes ("
                    + value.stripTrailingZeros().toPlainString() + ")");
        }
        try {
            return new ByteSize(value.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for a byte size");
        }
    }

    private static long unitSize(String text, String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b":
                return 1;
            case "k", "kib":
                return KIB;
            case "m", "mib":
                return MIB;
            case "g", "gib":
                return GIB;
            case "t", "tib":
                return TIB;
            case "kb", "mb", "gb", "tb":
                String binary = unit.substring(0, 1).toUpperCase(Locale.ROOT) + "iB";
                throw new IllegalArgumentException("'" + text + "' is ambiguous: " + unit
                        + " may mean a power of 1000 or of 1024; write " + binary
                        + " (binary) or a plain number of bytes");
            default:
                throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit
                        + "': use B, KiB, MiB, GiB or TiB (or K, M, G, T)");
        }
    }

    /** Human-readable: {@code 0 B}, {@code 100 KiB}, {@code 8 MiB}, {@code 1.5 GiB}, {@code 48.83 TiB}. */
    public static String format(long bytes) {
        int i = UNIT_SIZES.length - 1;
        while (i > 0 && Math.abs(bytes) < UNIT_SIZES[i]) {
            i--;
        }
        BigDecimal value = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(UNIT_SIZES[i]), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return value.toPlainString() + " " + UNIT_NAMES[i];
    }

    @Override
    public String toString() {
        return format(bytes);
    }
}
