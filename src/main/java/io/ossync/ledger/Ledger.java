package io.ossync.ledger;

import io.ossync.files.FileIdentity;
import io.ossync.state.StateDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The ledger of uploaded files (table {@code ledger} of the state database): for each local path,
 * the version of the file last uploaded and the object it went to. It is what keeps an unchanged
 * file from being uploaded twice, across restarts and rescans.
 *
 * <p>Guarantees: one entry per path (a new upload of the path replaces it). {@link #record} joins
 * the upload's final transaction, so an entry exists if and only if that transaction committed
 * (with the checkpoint deletion and the job's done). A file counts as uploaded only for the same
 * identity (size, mtime in ns, file key) and the same bucket and key.
 *
 * <p>Assumptions: paths are stored absolute and normalised (links are not resolved), as in the
 * checkpoint store; a path maps to one object at a time (one watch per file). Thread-safe: the
 * {@link StateDatabase} runs one transaction at a time.
 */
public final class Ledger {

    private final StateDatabase database;
    private final Clock clock;

    public Ledger(StateDatabase database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True when this version of the file was uploaded to {@code bucket}/{@code key}. */
    public boolean isUploaded(Path path, FileIdentity identity, String bucket, String key) {
        return get(path).map(entry -> entry.covers(identity, bucket, key)).orElse(false);
    }

    /**
     * Records the upload of {@code path} at the clock's time, replacing its earlier entry, inside
     * the caller's transaction (from {@link StateDatabase#inTransaction}).
     *
     * @param crc64 the CRC-64/XZ of the object, equal to the file's
     */
    public void record(Connection transaction, Path path, String bucket, String key, FileIdentity identity,
                       long crc64) throws SQLException {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        LedgerTable.upsert(transaction, normalise(path), bucket, key, identity, crc64, clock.instant());
    }

    public Optional<LedgerEntry> get(Path path) {
        return database.read(c -> LedgerTable.select(c, normalise(path)));
    }

    /**
     * Forgets the upload of {@code path} (its object was deleted by a mirror delete).
     *
     * @return false when there was no entry
     */
    public boolean remove(Path path) {
        return database.inTransaction(c -> remove(c, path));
    }

    /** {@link #remove(Path)} inside the caller's transaction. */
    public boolean remove(Connection transaction, Path path) throws SQLException {
        return LedgerTable.delete(transaction, normalise(path));
    }


    /**
     * Up to {@code limit} uploads of files of exactly {@code size} bytes, newest first: the
     * candidates a copied file ({@code copytruncate}) may have been copied from.
     */
    public List<LedgerEntry> findBySize(long size, String bucket, int limit) {
        Objects.requireNonNull(bucket, "bucket");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return database.read(c -> LedgerTable.selectBySize(c, size, bucket, limit));
    }

    /**
     * Up to {@code limit} uploads of the file with this file key (device and inode) under any
     * path, newest first: a file renamed and then grown (a log its writer keeps appending to after
     * logrotate renamed it) is that file, its uploaded bytes a prefix of it if unchanged.
     */
    public List<LedgerEntry> findByFileKey(String fileKey, String bucket, int limit) {
        Objects.requireNonNull(fileKey, "fileKey");
        Objects.requireNonNull(bucket, "bucket");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return database.read(c -> LedgerTable.selectByFileKey(c, fileKey, bucket, limit));
    }

    /**
     * The entries of the files below folder {@code root} (at any depth, not {@code root} itself),
     * in path order: at start the daemon reconciles them with the files present.
     */
    public List<LedgerEntry> under(Path root) {
        PathRange range = PathRange.under(root);
        return database.read(c -> LedgerTable.selectRange(c, range));
    }

    /**
     * The stored paths ({@code toString()} of the absolute, normalised path) of the files below
     * folder {@code root}, in path order, a page of at most {@code pageSize} at a time: memory stays
     * one page whatever the number of files. Each page is read in a transaction of its own and
     * handed over outside it, so the consumer may use the state database; rows written meanwhile
     * past the page read may or may not be seen.
     */
    public void pathsUnder(Path root, int pageSize, Consumer<List<String>> consumer) {
        requirePageSize(pageSize);
        PathRange range = PathRange.under(root);
        List<String> page = new ArrayList<>(pageSize);
        String after = null;
        while (true) {
            String from = after;
            after = database.read(c -> {
                page.clear();
                return LedgerTable.selectVersionsPage(c, range, from, pageSize, (path, identity) -> page.add(path));
            });
            if (after == null) {
                return;
            }
            consumer.accept(List.copyOf(page));
        }
    }

    /**
     * The stored path ({@code toString()} of the absolute, normalised path; a name this JVM cannot
     * decode comes as stored) and version of every file below folder {@code root}, in path order,
     * read {@code pageSize} rows a transaction (no entries, no parsed paths): for loading a million
     * rows at start. {@code consumer} runs inside the read and must not use the state database.
     */
    public void versionsUnder(Path root, int pageSize, BiConsumer<String, FileIdentity> consumer) {
        requirePageSize(pageSize);
        PathRange range = PathRange.under(root);
        String after = null;
        do {
            String from = after;
            after = database.read(c -> LedgerTable.selectVersionsPage(c, range, from, pageSize, consumer));
        } while (after != null);
    }

    /** When the latest upload was recorded; empty when the ledger is empty. */
    public Optional<Instant> lastUploadAt() {
        return database.read(LedgerTable::latestUpload);
    }

    public long count() {
        return database.read(LedgerTable::count);
    }

    private static void requirePageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
    }

    private static String normalise(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
