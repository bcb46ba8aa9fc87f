package io.ossync.watch;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The kernel refused another inotify watch (the per-user {@code fs.inotify.max_user_watches}, or
 * in a user namespace {@code user.max_inotify_watches}). Names the directory that could not be
 * registered, so the intake knows which root to poll instead.
 */
final class WatchLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What the JDK's Linux watch service says for ENOSPC from inotify_add_watch. */
    private static final String JDK_MESSAGE = "User limit of inotify watches reached";
    /** strerror(ENOSPC), should another watch service report the raw error. */
    private static final String ENOSPC_REASON = "No space left on device";

    private final Path directory;

    WatchLimitException(Path directory, IOException cause) {
        super("inotify watch limit reached while registering " + directory + ": " + cause.getMessage(), cause);
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    static boolean isWatchLimit(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(JDK_MESSAGE)) {
            return true;
        }
        return e instanceof FileSystemException fse && ENOSPC_REASON.equals(fse.getReason());
    }

    /** The watch limit failure somewhere in the cause chain, or null. */
    static WatchLimitException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WatchLimitException limit) {
                return limit;
            }
        }
        return null;
    }
}
