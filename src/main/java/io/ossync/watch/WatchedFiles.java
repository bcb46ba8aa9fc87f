package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The files of a root exactly as the daemon's full scan sees them, for a reader outside the daemon
 * ({@code ossync verify}): the same walk ({@link FolderScanner}: links followed only when the root
 * says so, loops reported once, the always-excluded names and the root's filter applied, one stat
 * per entry, no content read), with nothing known, so every admitted regular file is handed over.
 */
public final class WatchedFiles {

    private WatchedFiles() {
    }

    /**
     * Walks {@code root}; {@code each} gets every admitted regular file's path relative to the root
     * and its identity as the walk read it.
     *
     * @return the paths (relative to the root) of the directories that could not be read
     * @throws IOException when the root itself is missing, not a directory or unreadable
     */
    public static List<Path> walk(WatchRoot root, BiConsumer<Path, FileIdentity> each) throws IOException {
        RootProbe.Result probe = RootProbe.probe(root);
        if (!probe.present()) {
            throw new IOException("watched folder " + root.path() + ": " + probe.problem());
        }
        Optional<ScanReport> report = new FolderScanner(KnownFiles.none(), Clock.systemUTC())
                .scan(probe.active(), (ref, identity) -> each.accept(ref.relative(), identity), () -> false);
        return report.map(ScanReport::unreadable).orElse(List.of());
    }
}
