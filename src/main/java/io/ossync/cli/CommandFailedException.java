package io.ossync.cli;

/** A command ended in an expected failure: its message is the one line the user sees. */
public final class CommandFailedException extends RuntimeException {
    private final int exitCode;

    public CommandFailedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailedException(String message) {
        this(ExitCodes.FAILURE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
