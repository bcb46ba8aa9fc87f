package io.ossync.status;

/**
 * A path or key cut to a width for a table cell: the middle gives way to {@code …}, the file name
 * stays whole when it fits (it is what a person looks for), and the start keeps at least a few
 * characters (the watched folder). Counted in code points, so no character is cut in half. For a
 * person only: the JSON status carries every path whole.
 */
final class ShortPath {

    /** Characters of the start kept even when the file name must be cut. */
    private static final int MIN_HEAD = 10;
    private static final String ELLIPSIS = "…";

    private ShortPath() {
    }

    /** The text itself when it is at most {@code max} code points long. */
    static String shorten(String text, int max) {
        int[] cps = text.codePoints().toArray();
        if (cps.length <= max) {
            return text;
        }
        int room = max - 1; // one for the ellipsis
        String name = text.substring(text.lastIndexOf('/') + 1);
        // the tail: "/" + the file name, or half the room when that is more; the head keeps the rest
        int tail = Math.min(Math.max(name.codePointCount(0, name.length()) + 1, room / 2),
                room - Math.min(MIN_HEAD, room / 2));
        int head = room - tail;
        return new String(cps, 0, head) + ELLIPSIS + new String(cps, cps.length - tail, tail);
    }
}
