package io.ossync.watch;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warnings of one scan about entries it could not read: the first {@value #LOGGED} each on a line, the rest
 * counted and reported in one line when the walk ends. A folder of 100,000 files that loses its search permission
 * ({@code r--}, or {@code chmod} during a walk) fails each entry on its own: without a cap, every rescan would log
 * 100,000 warnings. Not thread-safe: one per walk.
 */
final class UnreadableWarnings {

    static final int LOGGED = 10;

    private static final Logger log = LoggerFactory.getLogger(FolderScanner.class);

    private final String rootId;
    private int seen;

    UnreadableWarnings(String rootId) {
        this.rootId = rootId;
    }

    /** A file or folder the walk could not read ({@code what}: "read" or "finish directory"). */
    void add(String what, Path relative, IOException e) {
        seen++;
        if (seen <= LOGGED) {
            log.warn("scan could not {} root={} path={} error={}", what, rootId, relative, e.toString());
        }
    }

    /** Logs how many went unlogged, if any; call once, when the walk ends. */
    void summarise() {
        if (seen > LOGGED) {
            log.warn("scan could not read more paths root={} more={} unreadable={} (only the first {} of a scan are logged)",
                    rootId, seen - LOGGED, seen, LOGGED);
        }
    }
}
