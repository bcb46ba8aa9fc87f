package io.ossync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the command line talks to a person at a terminal, which decides between a progress bar
 * and progress lines.
 *
 * <p>"Interactive" means stdout <em>and</em> stderr are terminals: the bar is drawn on stderr and
 * the logs go to stdout, so both must reach the screen for the bar to be seen and for the logs to be
 * the ones that would cross it. stdin does not matter ({@code ossync upload ... < /dev/null} at a
 * terminal still shows the bar). {@code System.console()} is not the test: in Java 17 it needs stdin
 * and stdout to be terminals and says nothing of stderr, so {@code 2>upload.err} drew a bar into a
 * file and {@code < /dev/null} hid it. On Linux the file descriptors' links under
 * {@code /proc/self/fd} name the device; elsewhere (no such links) it falls back to
 * {@code System.console() != null}.
 */
final class TtyCheck {

    private TtyCheck() {
    }

    /** stdout and stderr are both terminals. */
    static boolean interactive() {
        Boolean out = isTerminal(1);
        Boolean err = isTerminal(2);
        if (out == null || err == null) {
            return System.console() != null;
        }
        return out && err;
    }

    /** Whether file descriptor {@code fd} is a terminal; null when this system cannot say. */
    private static Boolean isTerminal(int fd) {
        try {
            return isTerminalDevice(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * A terminal device by its path: a pseudo-terminal ({@code /dev/pts/N}: ssh, terminal emulators,
     * {@code script}, {@code docker -t}), a virtual console or serial line ({@code /dev/ttyN},
     * {@code /dev/ttyS0}), the console. A file, a pipe ({@code pipe:[123]}), a socket or
     * {@code /dev/null} is not.
     */
    static boolean isTerminalDevice(String linkTarget) {
        return linkTarget.startsWith("/dev/pts/") || linkTarget.startsWith("/dev/tty")
                || linkTarget.equals("/dev/console");
    }
}
