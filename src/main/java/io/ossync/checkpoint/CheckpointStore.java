package io.ossync.checkpoint;

import io.ossync.state.SqlAction;
import io.ossync.state.StateDatabase;
import io.ossync.state.StateDatabaseException;
import io.ossync.files.FileIdentity;
import io.ossync.store.SourceObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * The checkpoints of multipart uploads in the state database (tables {@code uploads} and
 * {@code parts}).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #begin} commits the upload row before it returns, so the caller sends no part of
 *       an upload the store does not know.</li>
 *   <li>{@link #recordPart} commits the part row before it returns: a part counts from then on, and
 *       only for the checkpoint it was sent for (ids are never reused, so a part finishing after
 *       its checkpoint was deleted fails with {@link NoSuchCheckpointException}).</li>
 *   <li>Every row carries a checksum of its fields, verified on every read; a row that fails it is
 *       reported as {@link Lookup.Corrupt}, never used.</li>
 *   <li>Deleting a checkpoint deletes its parts in the same transaction.</li>
 * </ul>
 * There is at most one checkpoint per (local file, bucket, key); the upload engine keeps at most
 * one per (local file, bucket). Local paths are stored absolute
 * and normalised. Thread-safe: the {@link StateDatabase} runs one transaction at a time.
 */
public final class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final StateDatabase database;
    private final Clock clock;
    /**
     * Every local path that may have a checkpoint row (a superset: a path stays until a lookup
     * finds none). A file absent from it has no checkpoint, so {@link #find(Path, String)} answers
     * without a query: the common case of a small file, uploaded with one PutObject, pays no
     * lookup. Loaded when the store is made, added to in the transaction that inserts a row and
     * pruned in the transaction that finds none, so the database's lock keeps it in step with the
     * table. Bounded by the multipart uploads in flight (and their files).
     */
    private final Set<String> checkpointed = ConcurrentHashMap.newKeySet();

    /** Assumes this process is the only writer of the checkpoints (the state lock). */
    public CheckpointStore(StateDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
        checkpointed.addAll(database.read(UploadsTable::localPaths));
    }

    /** {@link #begin(Path, String, String, String, long, FileIdentity, int)} of a first attempt. */
    public Checkpoint begin(Path file, String bucket, String key, String uploadId, long partSize,
                            FileIdentity identity) {
        return begin(file, bucket, key, uploadId, partSize, identity, 0);
    }

    /**
     * Records a multipart upload the server has just initiated; committed when this returns.
     *
     * @param restarts how many times this file's upload was started over before (for status)
     * @throws IllegalStateException when a checkpoint for this file and object already exists:
     *                               the caller must abort and delete it first
     */
    public Checkpoint begin(Path file, String bucket, String key, String uploadId, long partSize,
                            FileIdentity identity, int restarts) {
        return begin(file, bucket, key, uploadId, partSize, identity, restarts, null);
    }

    private Checkpoint begin(Path file, String bucket, String key, String uploadId, long partSize,
                             FileIdentity identity, int restarts, SourceObject source) {
        String localPath = normalise(file);
        UploadsTable.Row row = database.inTransaction(c -> {
            Optional<UploadsTable.Row> existing = UploadsTable.select(c, localPath, bucket, key);
            if (existing.isPresent()) {
                throw new IllegalStateException("a checkpoint already exists for " + localPath + " -> oss://"
                        + bucket + "/" + key + " (row " + existing.get().id() + ", upload id "
                        + existing.get().uploadId() + "): abort and delete it first");
            }
            checkpointed.add(localPath);   // before the row: never a row whose path the set lacks
            return UploadsTable.insert(c, localPath, bucket, key, uploadId, partSize, identity, clock.instant(),
                    restarts, source);
        });
        log.debug("checkpoint begun id={} path={} bucket={} key={} upload_id={}", row.id(), localPath, bucket, key,
                uploadId);
        try {
            return row.toCheckpoint();
        } catch (CorruptRowException e) {
            throw new IllegalStateException("a row just written fails its own check: " + e.getMessage(), e);
        }
    }

    /**
     * Records that an upload is about to be initiated, before Initiate is sent: a crash before its
     * answer is recorded then leaves a row without an upload id, never an upload nobody knows.
     */
    public Checkpoint beginIntent(Path file, String bucket, String key, long partSize, FileIdentity identity) {
        return begin(file, bucket, key, null, partSize, identity, 0, null);
    }

    /**
     * {@link #beginIntent} of an upload whose first parts are copied from {@code source} (null: none);
     * the source is part of the checkpoint, so a resumed upload copies from the same version.
     */
    public Checkpoint beginIntent(Path file, String bucket, String key, long partSize, FileIdentity identity,
                                  SourceObject source) {
        return begin(file, bucket, key, null, partSize, identity, 0, source);
    }

    /** Sets the upload id of a checkpoint begun with {@link #beginIntent}; committed on return. */
    public Checkpoint attachUpload(long checkpointId, String uploadId) {
        UploadsTable.Row row = database.inTransaction(c -> UploadsTable.updateUploadId(c, checkpointId, uploadId));
        try {
            return row.toCheckpoint();
        } catch (CorruptRowException e) {
            throw new IllegalStateException("a row just written fails its own check: " + e.getMessage(), e);
        }
    }

    /** The checkpoint of the upload of {@code file} to {@code bucket}/{@code key}, with its parts. */
    public Lookup find(Path file, String bucket, String key) {
        String localPath = normalise(file);
        if (!checkpointed.contains(localPath)) {
            return new Lookup.Absent();
        }
        return database.read(c -> {
            Optional<UploadsTable.Row> row = UploadsTable.select(c, localPath, bucket, key);
            return row.isPresent() ? lookup(c, row.get()) : new Lookup.Absent();
        });
    }

    /**
     * The checkpoints of {@code file} in {@code bucket} whatever their key, oldest first: the key
     * follows the file's version, so the checkpoint of an earlier version may be under another key
     * than the one the file has now. One at most, unless an older ossync left more.
     */
    public List<Lookup> find(Path file, String bucket) {
        String localPath = normalise(file);
        if (!checkpointed.contains(localPath)) {
            return List.of();
        }
        return database.read(c -> {
            List<Lookup> result = new ArrayList<>();
            for (UploadsTable.Row row : UploadsTable.select(c, localPath, bucket)) {
                result.add(lookup(c, row));
            }
            if (result.isEmpty() && !UploadsTable.hasRows(c, localPath)) {
                checkpointed.remove(localPath);   // under the database's lock: no insert can run meanwhile
            }
            return result;
        });
    }

    /** Whether {@code file} may have a checkpoint (false: it certainly has none); for tests. */
    boolean mayHaveCheckpoint(Path file) {
        return checkpointed.contains(normalise(file));
    }

    /**
     * Every checkpoint, valid ({@link Lookup.Found}) or not ({@link Lookup.Corrupt}), oldest
     * first: for the sweep of unknown uploads and for status.
     */
    public List<Lookup> all() {
        return database.read(c -> {
            List<Lookup> result = new ArrayList<>();
            for (UploadsTable.Row row : UploadsTable.selectAll(c)) {
                result.add(lookup(c, row));
            }
            return result;
        });
    }

    private static Lookup lookup(Connection c, UploadsTable.Row row) throws SQLException {
        try {
            Checkpoint checkpoint = row.toCheckpoint();
            List<PartRecord> parts = new ArrayList<>();
            for (PartsTable.Row part : PartsTable.select(c, row.id())) {
                parts.add(part.toRecord());
            }
            return new Lookup.Found(checkpoint, parts);
        } catch (CorruptRowException e) {
            return row.corrupt(e.getMessage());
        }
    }

    /**
     * Records an acknowledged, CRC-checked part; committed when this returns. Recording a part
     * number again replaces the earlier row.
     *
     * @throws NoSuchCheckpointException when the checkpoint was deleted meanwhile
     */
    public void recordPart(long checkpointId, PartRecord part) {
        recordParts(checkpointId, List.of(part));
    }

    /** Records several parts in one transaction (e.g. reconciled at resume); all or none. */
    public void recordParts(long checkpointId, List<PartRecord> parts) {
        try {
            database.runInTransaction(c -> PartsTable.upsert(c, checkpointId, parts));
        } catch (StateDatabaseException e) {
            if (e.getCause() instanceof SQLiteException sqlite
                    && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
                throw new NoSuchCheckpointException(checkpointId, e);
            }
            throw e;
        }
    }

    /**
     * Deletes the checkpoint and its parts in one transaction.
     *
     * @return false when there was no such checkpoint
     */
    public boolean delete(long checkpointId) {
        return database.inTransaction(c -> delete(c, checkpointId));
    }

    /**
     * Ends an upload in one transaction: deletes its checkpoint (if it had one: a single
     * PutObject has none) and runs {@code alongside} (the ledger row, the job's end), so that
     * either all of it is recorded or none.
     */
    public void finish(java.util.OptionalLong checkpointId, SqlAction alongside) {
        database.runInTransaction(c -> {
            if (checkpointId.isPresent()) {
                delete(c, checkpointId.getAsLong());
            }
            alongside.run(c);
        });
    }

    /**
     * Deletes the checkpoint and its parts inside the caller's transaction (from
     * {@link StateDatabase#inTransaction}), e.g. together with the ledger row of the finished upload.
     */
    public boolean delete(Connection transaction, long checkpointId) throws SQLException {
        return UploadsTable.delete(transaction, checkpointId);
    }

    private static String normalise(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
