package io.ossync.config;

/**
 * A watch's {@code max-delete}: how many of a root's known files one scan may find gone and still
 * delete (rclone's convention). A count ({@code 100}) is absolute; a percentage ({@code 10%}) is of
 * the files the ledger knows under the root, rounded up, so a root of one file may always lose it.
 * {@code 0} (or {@code 0%}) holds every deletion a scan finds; {@code 100%} never holds for size.
 * A scan that finds more gone deletes none of them: the whole scan's deletions are held, because
 * deleting "the first N" of a vanished mount would still be deleting on false evidence.
 *
 * @param amount  the count, or the percentage (0..100)
 * @param percent whether {@code amount} is a percentage
 */
public record DeleteLimit(long amount, boolean percent) {

    /** Half a root gone in one scan looks more like a missing mount than like housekeeping. */
    public static final DeleteLimit DEFAULT = new DeleteLimit(50, true);

    public DeleteLimit {
        if (amount < 0 || (percent && amount > 100)) {
            throw new IllegalArgumentException("max-delete out of range: " + amount + (percent ? "%" : ""));
        }
    }

    /** Parses {@code 100} or {@code 10%}. */
    public static DeleteLimit parse(String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        String number = percent ? t.substring(0, t.length() - 1).strip() : t;
        long amount;
        try {
            amount = Long.parseLong(number);
        } catch (NumberFormatException e) {
            amount = -1;
        }
        if (amount < 0 || (percent && amount > 100)) {
            throw new IllegalArgumentException("expected a count of files (e.g. 100) or a percentage from 0% to 100%"
                    + " (e.g. 10%), got \"" + text + "\"");
        }
        return new DeleteLimit(amount, percent);
    }

    /** How many deletions one scan may make in a root whose ledger knows {@code known} files. */
    public long allowed(long known) {
        if (!percent) {
            return amount;
        }
        return (known * amount + 99) / 100;
    }

    /** True when {@code missing} deletions out of {@code known} files are more than allowed. */
    public boolean exceededBy(long missing, long known) {
        return missing > allowed(known);
    }

    @Override
    public String toString() {
        return amount + (percent ? "%" : "");
    }
}
