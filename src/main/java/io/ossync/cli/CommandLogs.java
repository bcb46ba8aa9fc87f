package io.ossync.cli;

import ch.qos.logback.classic.Level;
import io.ossync.logging.ConsoleDiversion;

/**
 * Where a command's console logs go while it runs, from how its output is shown: all of them as
 * configured (on stdout), unless a progress bar or {@code --quiet} keeps them to warnings and
 * errors, and on stderr when stdout is not for logs ({@code --json}: one object; {@code --quiet}:
 * nothing). For a command with a progress bar, {@code --quiet} and {@code --json} ({@code upload},
 * {@code verify}):
 * <pre>
 * boolean bar = !quiet &amp;&amp; TtyCheck.interactive();
 * try (ConsoleDiversion logs = CommandLogs.route(bar, quiet, json)) { ... }
 * </pre>
 * While the bar itself is shown, {@link TerminalOutput} prints the warnings above it.
 */
final class CommandLogs {

    private CommandLogs() {
    }

    /** The diversion to close when the command ends; null (nothing to close) when the logs stay as configured. */
    static ConsoleDiversion route(boolean bar, boolean quiet, boolean json) {
        Level threshold = quiet || bar ? Level.WARN : Level.ALL;
        if (json || quiet) {
            return ConsoleDiversion.divert(threshold, CommandLogs::toStderr);
        }
        return bar ? ConsoleDiversion.filter(threshold) : null;
    }

    private static void toStderr(byte[] line) {
        System.err.write(line, 0, line.length);
        System.err.flush();
    }
}
