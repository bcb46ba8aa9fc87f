package io.ossync.util;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Paths read back from the state database, where they are text. The JVM turns text into a file
 * name with its file-name encoding ({@code sun.jnu.encoding}, fixed at start by the locale): when
 * that is not UTF-8 (LANG unset, e.g. under systemd) a stored name with other characters cannot be a
 * {@link Path} at all and {@link Path#of} throws. Callers decide what such a row means; these
 * helpers never throw for it.
 */
public final class StoredPaths {

    private StoredPaths() {
    }

    /** The path, or empty when this JVM's file-name encoding cannot represent it. */
    public static Optional<Path> parse(String stored) {
        try {
            return Optional.of(Path.of(stored));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * The path for display only (status): characters the file-name encoding cannot represent
     * become {@code ?}. Never opened: it may name another file or none.
     */
    public static Path forDisplay(String stored) {
        return parse(stored).orElseGet(() -> Path.of(replaceUnmappable(stored, fileNameEncoding())));
    }

    /** The name of the charset this JVM decodes and encodes file names with. */
    public static String fileNameEncodingName() {
        return System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
    }

    /** True when every file name can be a {@link Path} here: the file-name encoding is UTF-8. */
    public static boolean fileNameEncodingIsUtf8() {
        return fileNameEncoding().equals(StandardCharsets.UTF_8);
    }

    private static Charset fileNameEncoding() {
        try {
            return Charset.forName(fileNameEncodingName());
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    static String replaceUnmappable(String text, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder();
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String ch = Character.toString(cp);
            // NUL: no file name holds one, and Path refuses it in any encoding
            out.append(cp != 0 && encoder.canEncode(ch) ? ch : "?");
        });
        return out.toString();
    }
}
