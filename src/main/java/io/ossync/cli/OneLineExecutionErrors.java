package io.ossync.cli;

import picocli.CommandLine;

/**
 * A command that fails with {@link CommandFailedException} prints its one-line reason; anything
 * else is a bug and keeps its stack trace, since the line alone would not help anyone fix it.
 */
final class OneLineExecutionErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof CommandFailedException failed) {
            cmd.getErr().println("ossync: " + failed.getMessage());
            return failed.exitCode();
        }
        cmd.getErr().println("ossync: internal error: " + ex);
        ex.printStackTrace(cmd.getErr());
        return ExitCodes.SOFTWARE;
    }
}
