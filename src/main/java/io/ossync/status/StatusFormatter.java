package io.ossync.status;

/** Turns a {@link StatusReport} into what {@code ossync status} prints. Pure: no I/O, no clock. */
public interface StatusFormatter {

    /** The whole output, ending with a line separator. */
    String format(StatusReport report);

    /** Aligned, short lines for a person at a terminal. */
    static StatusFormatter text() {
        return new TextStatusFormatter();
    }

    /** Stable JSON for scripts and monitoring, documented in {@link JsonStatusFormatter}. */
    static StatusFormatter json() {
        return new JsonStatusFormatter();
    }
}
