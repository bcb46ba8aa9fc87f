package io.ossync.daemon;

import com.carrotsearch.hppc.LongLongHashMap;
import io.ossync.files.FileIdentity;
import io.ossync.files.Fingerprints;
import io.ossync.ledger.Ledger;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ledger's file versions held in memory, so that a scan of a large tree asks a map, not the
 * state database, whether each file is already uploaded (the database's one connection is busy
 * with the workers' commits). Loaded at start, a page of the ledger at a time; kept in step after
 * each commit by the job runner. The ledger stays the authority: a worker checks it again before
 * uploading, and {@link #forEachUnder} reads it, not this map.
 *
 * <p>Compact: a primitive open-addressing map from the 64-bit {@link Fingerprints#path fingerprint
 * of the path} to the 64-bit {@link Fingerprints#identity fingerprint of the version}, 16 bytes a
 * slot (about 20 to 45 bytes a file with the map's load factor), where a map of {@code Path} to
 * {@link FileIdentity} took about 290.
 *
 * <p>Collisions, and what they would cost. Two paths with one fingerprint share a slot: the one
 * written last wins, the other is not known (its version fingerprint differs, its file key being
 * another), so a scan offers it again and the worker finds it in the ledger: a lookup, nothing
 * uploaded twice. A file taken as known when it is not (a skipped upload) needs its new version to
 * have the old version's 64-bit fingerprint too: about 2^-64 a change. With n files the chance of
 * any path collision is about n² / 2^65 (3e-8 at a million).
 *
 * <p>Thread-safe: scans, the gate and the workers call it at once; every call holds the map's lock
 * for one hash lookup.
 */
final class UploadedVersions {

    /** Ledger rows read per transaction when loading or listing a folder. */
    static final int PAGE = 5000;
    /** Ledger rows read per transaction at start (before any worker needs the database). */
    static final int LOAD_PAGE = 50_000;

    private final Ledger ledger;
    private final LongLongHashMap versions;

    private UploadedVersions(Ledger ledger, int expected) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.versions = new LongLongHashMap(expected);
    }

    static UploadedVersions load(Ledger ledger, Iterable<WatchBinding> watches) {
        UploadedVersions v = new UploadedVersions(ledger, (int) Math.min(Integer.MAX_VALUE / 2, ledger.count()));
        for (WatchBinding w : watches) {
            // Keyed by the stored string, which is Path.toString() of the path the scan resolves.
            ledger.versionsUnder(w.root().path(), LOAD_PAGE, (path, identity) -> v.uploaded(Fingerprints.string(path),
                    Fingerprints.identity(identity)));
        }
        return v;
    }

    boolean holds(Path file, FileIdentity identity) {
        long path = Fingerprints.path(file);
        long version = Fingerprints.identity(identity);
        synchronized (versions) {
            int slot = versions.indexOf(path);
            return versions.indexExists(slot) && versions.indexGet(slot) == version;
        }
    }

    /**
     * Hands each uploaded file below {@code root} to {@code consumer}, as stored in the ledger
     * ({@code toString()} of the absolute, normalised path), in path order, read a page at a time:
     * memory stays one page whatever the number of files, and no path is parsed. The consumer runs
     * outside the database's transactions (it may enqueue).
     */
    void forEachUnder(Path root, Consumer<String> consumer) {
        ledger.pathsUnder(root, PAGE, page -> page.forEach(consumer));
    }

    void uploaded(Path file, FileIdentity identity) {
        uploaded(Fingerprints.path(file), Fingerprints.identity(identity));
    }

    private void uploaded(long path, long version) {
        synchronized (versions) {
            versions.put(path, version);
        }
    }

    void forget(Path file) {
        long path = Fingerprints.path(file);
        synchronized (versions) {
            versions.remove(path);
        }
    }

    int size() {
        synchronized (versions) {
            return versions.size();
        }
    }
}
