package io.ossync.logging;

/**
 * Escapes the characters that could break a log line: C0 controls, DEL, C1 controls and the
 * Unicode line and paragraph separators. A file name holding a newline must stay inside its
 * key=value line, or it could forge a whole line of its own ({@code a\nts=... level=ERROR ...}).
 *
 * <p>{@code \n}, {@code \r} and {@code \t} keep their usual escapes; the others become
 * {@code \xNN} up to U+00FF, and the two separators a backslash, {@code u} and four hex digits.
 * Backslashes are left as they are, so the escaping is not reversible for a name that itself holds
 * {@code \n} as two characters: the guarantee is one event per line, not a lossless encoding.
 * Pure and thread-safe.
 */
final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The text itself when nothing needs escaping (the common case allocates nothing). */
    static String escape(String text) {
        if (text == null || text.chars().noneMatch(ControlCharacters::needsEscape)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c <= 0xFF) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
