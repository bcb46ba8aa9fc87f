package io.ossync.cli;

/** Exit codes of the command line, after sysexits(3) where one fits. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed (upload not verified, server refused, ...). */
    public static final int FAILURE = 1;
    /** Bad command-line usage: unknown command or flag, a malformed value. */
    public static final int USAGE = 2;
    /** A configuration error. */
    public static final int CONFIG = 78;
    /**
     * The state database or its lock file was deleted or replaced under the running daemon, which
     * stopped (EX_TEMPFAIL: a restart opens a fresh database and goes on).
     */
    public static final int STATE_LOST = 75;
    /** An unexpected internal error. */
    public static final int SOFTWARE = 70;

    private ExitCodes() {
    }
}
