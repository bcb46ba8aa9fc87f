package io.ossync.daemon;

import com.carrotsearch.hppc.LongHashSet;
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
 * <p>New files. Beside the versions, a set of the fingerprints of the file keys (device and inode)
 * of every file recorded since the load, never shrunk, 8 bytes a slot. Together they let a worker
 * skip the state database for a file that is surely new ({@link #surelyNew}): no ledger row for its
 * path (its path fingerprint has no slot) and none for its file key (a rename's source). Both are
 * marked <em>before</em> a record commits ({@link #recording}), so a job that runs once another
 * job's record of the same path or file committed always finds a slot and asks the ledger. A slot
 * or fingerprint too many costs a ledger read, never an upload. What would cost one: a path whose
 * fingerprint equals another's, the other deleted ({@link #forget} frees the shared slot), then a
 * new version of the first: it is uploaded again (about n² / 2^65 for the collision alone).
 *
 * <p>Thread-safe: scans, the gate and the workers call it at once; every call holds the map's lock
 * for one or two hash lookups.
 */
final class UploadedVersions {

    /** Ledger rows read per transaction when loading or listing a folder. */
    static final int PAGE = 5000;
    /** Ledger rows read per transaction at start (before any worker needs the database). */
    static final int LOAD_PAGE = 50_000;

    /**
     * The version fingerprint of a slot marked by {@link #recording} for a path with no version yet:
     * matches no file ({@link #holds} compares it to a version's fingerprint, which is this value
     * with the chance of any 64-bit fingerprint).
     */
    static final long RECORDING = 0L;

    private final Ledger ledger;
    private final LongLongHashMap versions;
    /** File-key fingerprints of the files recorded; guarded by {@link #versions}. */
    private final LongHashSet fileKeys;

    private UploadedVersions(Ledger ledger, int expected) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.versions = new LongLongHashMap(expected);
        this.fileKeys = new LongHashSet(expected);
    }

    static UploadedVersions load(Ledger ledger, Iterable<WatchBinding> watches) {
        UploadedVersions v = new UploadedVersions(ledger, (int) Math.min(Integer.MAX_VALUE / 2, ledger.count()));
        for (WatchBinding w : watches) {
            // Keyed by the stored string, which is Path.toString() of the path the scan resolves.
            ledger.versionsUnder(w.root().path(), LOAD_PAGE, (path, identity) -> v.uploaded(Fingerprints.string(path),
                    identity));
        }
        return v;
    }

    boolean holds(Path file, FileIdentity identity) {
        long path = Fingerprints.path(file);
        long version = Fingerprints.identity(identity);
        synchronized (versions) {
            int slot = versions.indexOf(path);
            return versions.indexExists(slot) && versions.indexGet(slot) == version && version != RECORDING;
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

    /**
     * True only when the ledger surely holds no row for {@code file}'s path nor any for its file
     * key: the file is new, and neither the ledger's check nor a rename's source needs the state
     * database. False says nothing (ask the ledger). A file without a file key is never surely new.
     * Rows the load did not read (of folders no longer watched) are not known here: a file moved
     * in from one is uploaded rather than copied.
     */
    boolean surelyNew(Path file, FileIdentity identity) {
        if (identity.fileKey() == null) {
            return false;
        }
        long path = Fingerprints.path(file);
        long key = Fingerprints.string(identity.fileKey());
        synchronized (versions) {
            return !versions.containsKey(path) && !fileKeys.contains(key);
        }
    }

    /**
     * False only when the ledger surely holds no row with this file key (in the folders loaded): a
     * new file is no rename, and nobody needs to ask the state database. True says nothing.
     */
    boolean mayHoldFileKey(String fileKey) {
        long key = Fingerprints.string(fileKey);
        synchronized (versions) {
            return fileKeys.contains(key);
        }
    }

    /**
     * Marks {@code file} and its file key before its record commits (called inside the record's
     * transaction), so that {@link #surelyNew} stops answering true for them before any other job
     * can see the row. A path without a version gets a slot that matches no version: the scans'
     * {@link #holds} stays false until {@link #uploaded} after the commit.
     */
    void recording(Path file, FileIdentity identity) {
        long path = Fingerprints.path(file);
        synchronized (versions) {
            if (!versions.containsKey(path)) {
                versions.put(path, RECORDING);
            }
            if (identity.fileKey() != null) {
                fileKeys.add(Fingerprints.string(identity.fileKey()));
            }
        }
    }

    void uploaded(Path file, FileIdentity identity) {
        uploaded(Fingerprints.path(file), identity);
    }

    private void uploaded(long path, FileIdentity identity) {
        long version = Fingerprints.identity(identity);
        long key = identity.fileKey() == null ? 0 : Fingerprints.string(identity.fileKey());
        synchronized (versions) {
            versions.put(path, version);
            if (identity.fileKey() != null) {
                fileKeys.add(key);
            }
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
