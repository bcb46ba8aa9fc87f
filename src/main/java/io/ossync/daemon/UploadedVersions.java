package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.ledger.LedgerEntry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's file versions held in memory, so that a scan of a large tree asks a map, not the
 * state database, whether each file is already uploaded (the database's one connection is busy
 * with the workers' commits). Loaded at start; kept in step after each commit by the job runner.
 * The ledger stays the authority: a worker checks it again before uploading.
 */
final class UploadedVersions {

    private final Map<Path, FileIdentity> versions = new ConcurrentHashMap<>();

    static UploadedVersions load(Ledger ledger, Iterable<WatchBinding> watches) {
        UploadedVersions v = new UploadedVersions();
        for (WatchBinding w : watches) {
            for (LedgerEntry e : ledger.under(w.root().path())) {
                v.versions.put(e.path(), e.identity());
            }
        }
        return v;
    }

    boolean holds(Path file, FileIdentity identity) {
        return identity.equals(versions.get(file));
    }

    /** The uploaded files below {@code root} (a copy: callers may enqueue while iterating). */
    List<Path> under(Path root) {
        return versions.keySet().stream().filter(p -> p.startsWith(root) && !p.equals(root)).toList();
    }

    void uploaded(Path file, FileIdentity identity) {
        versions.put(file, identity);
    }

    void forget(Path file) {
        versions.remove(file);
    }

    int size() {
        return versions.size();
    }
}
