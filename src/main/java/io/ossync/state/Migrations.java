package io.ossync.state;

import java.util.List;

/**
 * The schema of the state database as an ordered history: migration n takes the database from
 * {@code user_version} n-1 to n. A step, once released, is never edited; a change is a new step.
 *
 * <p>The history is kept in one place because its order is global across tables; the queries live
 * next to the table they serve (e.g. {@code io.ossync.checkpoint.CheckpointStore}).
 */
public final class Migrations {

    /**
     * 1: checkpoints of multipart uploads. Ids are AUTOINCREMENT so that an id is never handed out
     * twice: a part finishing late for a deleted checkpoint must fail, not land in a new one.
     * STRICT tables refuse values of the wrong type; each row carries a checksum of its fields.
     */
    private static final Migration CHECKPOINTS = new Migration(1, "checkpoints: uploads and their parts",
            List.of("""
                    CREATE TABLE uploads (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        local_path    TEXT    NOT NULL,
                        bucket        TEXT    NOT NULL,
                        object_key    TEXT    NOT NULL,
                        upload_id     TEXT,
                        part_size     INTEGER NOT NULL,
                        file_size     INTEGER NOT NULL,
                        file_mtime_ns INTEGER NOT NULL,
                        file_key      TEXT,
                        created_at_ms INTEGER NOT NULL,
                        restarts      INTEGER NOT NULL,
                        row_checksum  INTEGER NOT NULL,
                        UNIQUE (local_path, bucket, object_key)
                    ) STRICT""", """
                    CREATE TABLE parts (
                        checkpoint_id INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
                        part_number   INTEGER NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
                        part_offset   INTEGER NOT NULL,
                        part_size     INTEGER NOT NULL,
                        etag          TEXT    NOT NULL,
                        crc64         INTEGER NOT NULL,
                        row_checksum  INTEGER NOT NULL,
                        PRIMARY KEY (checkpoint_id, part_number)
                    ) STRICT, WITHOUT ROWID"""));

    /**
     * 2: the job queue (one row per local path: repeated events coalesce into it), a bounded
     * history of job failures for status, and the ledger of uploaded files. Job ids are
     * AUTOINCREMENT so that a late {@code done(id)} can never hit a newer job of the same path.
     * A job keeps at most one deferred re-run (an enqueue that arrived while it was RUNNING). The
     * due index serves the claim query ({@code state, not_before_ms}, then rowid) without a sort.
     */
    private static final Migration QUEUE_AND_LEDGER = new Migration(2, "job queue, failure history, ledger",
            List.of("""
                    CREATE TABLE jobs (
                        id                INTEGER PRIMARY KEY AUTOINCREMENT,
                        local_path        TEXT    NOT NULL UNIQUE,
                        watch_index       INTEGER NOT NULL CHECK (watch_index >= 0),
                        kind              TEXT    NOT NULL CHECK (kind IN ('UPLOAD', 'DELETE')),
                        state             TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SET_ASIDE')),
                        attempts          INTEGER NOT NULL CHECK (attempts >= 0),
                        not_before_ms     INTEGER NOT NULL,
                        enqueued_at_ms    INTEGER NOT NULL,
                        last_error        TEXT,
                        rerun_kind        TEXT    CHECK (rerun_kind IN ('UPLOAD', 'DELETE')),
                        rerun_watch_index INTEGER CHECK (rerun_watch_index >= 0),
                        CHECK ((rerun_kind IS NULL) = (rerun_watch_index IS NULL)),
                        CHECK (rerun_kind IS NULL OR state = 'RUNNING')
                    ) STRICT""",
                    "CREATE INDEX jobs_due ON jobs (state, not_before_ms)", """
                    CREATE TABLE failures (
                        id           INTEGER PRIMARY KEY,
                        local_path   TEXT    NOT NULL,
                        watch_index  INTEGER NOT NULL,
                        kind         TEXT    NOT NULL CHECK (kind IN ('UPLOAD', 'DELETE')),
                        attempts     INTEGER NOT NULL,
                        reason       TEXT    NOT NULL,
                        set_aside    INTEGER NOT NULL CHECK (set_aside IN (0, 1)),
                        failed_at_ms INTEGER NOT NULL
                    ) STRICT""", """
                    CREATE TABLE ledger (
                        local_path     TEXT    NOT NULL PRIMARY KEY,
                        bucket         TEXT    NOT NULL,
                        object_key     TEXT    NOT NULL,
                        file_size      INTEGER NOT NULL CHECK (file_size >= 0),
                        file_mtime_ns  INTEGER NOT NULL,
                        file_key       TEXT,
                        crc64          INTEGER NOT NULL,
                        uploaded_at_ms INTEGER NOT NULL
                    ) STRICT, WITHOUT ROWID""",
                    "CREATE INDEX ledger_uploaded_at ON ledger (uploaded_at_ms)"));

    /**
     * 3: a job names its watch by the watch folder's absolute, normalised path instead of its
     * position in the configuration, which a config edit changes. A schema-2 job carries only a
     * position, untrustworthy once the config was edited, so it gets no watch (NULL) and the daemon
     * maps it at start by its local path. The re-run's watch column goes: a re-run is of the same
     * path, hence of the same watch. The failure history loses its watch column (nothing read it).
     *
     * <p>STRICT tables cannot change a column's type or its CHECK, hence the rebuild: copy into a
     * new table, drop the old one, rename. The AUTOINCREMENT sequence row is carried over by hand,
     * or ids of jobs deleted before the migration could be handed out again.
     */
    private static final Migration JOBS_NAME_THEIR_WATCH = new Migration(3, "jobs name their watch by its folder",
            List.of("""
                    CREATE TABLE jobs_v3 (
                        id             INTEGER PRIMARY KEY AUTOINCREMENT,
                        local_path     TEXT    NOT NULL UNIQUE,
                        watch_path     TEXT    CHECK (watch_path <> ''),
                        kind           TEXT    NOT NULL CHECK (kind IN ('UPLOAD', 'DELETE')),
                        state          TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SET_ASIDE')),
                        attempts       INTEGER NOT NULL CHECK (attempts >= 0),
                        not_before_ms  INTEGER NOT NULL,
                        enqueued_at_ms INTEGER NOT NULL,
                        last_error     TEXT,
                        rerun_kind     TEXT    CHECK (rerun_kind IN ('UPLOAD', 'DELETE')),
                        CHECK (rerun_kind IS NULL OR state = 'RUNNING')
                    ) STRICT""", """
                    INSERT INTO jobs_v3 (id, local_path, watch_path, kind, state, attempts, not_before_ms,
                                         enqueued_at_ms, last_error, rerun_kind)
                    SELECT id, local_path, NULL, kind, state, attempts, not_before_ms, enqueued_at_ms,
                           last_error, rerun_kind
                    FROM jobs""",
                    "DELETE FROM sqlite_sequence WHERE name = 'jobs_v3'",
                    "UPDATE sqlite_sequence SET name = 'jobs_v3' WHERE name = 'jobs'",
                    "DROP TABLE jobs",
                    "ALTER TABLE jobs_v3 RENAME TO jobs",
                    "CREATE INDEX jobs_due ON jobs (state, not_before_ms)",
                    "ALTER TABLE failures DROP COLUMN watch_index"));

    /**
     * 4: a job remembers the version of its file (size, mtime in ns, file key, as the ledger keeps
     * them) it was last offered or set aside for, so that a set-aside job is revived only when its
     * file changes, not at every rescan; NULL when none is known (jobs carried over, DELETE jobs):
     * such a set-aside job is revived by the next offer. The failure history keeps one row per
     * file and reason, with how many times it happened: existing duplicates fold into their newest
     * row (the largest id), counted, before the unique index that the upsert relies on.
     * ADD COLUMN keeps these STRICT tables as they are: no rebuild.
     */
    private static final Migration SET_ASIDE_VERSION_AND_FAILURE_COUNTS = new Migration(4,
            "set-aside jobs remember their file version, failures are counted per file and reason",
            List.of("ALTER TABLE jobs ADD COLUMN file_size INTEGER CHECK (file_size >= 0)",
                    "ALTER TABLE jobs ADD COLUMN file_mtime_ns INTEGER",
                    "ALTER TABLE jobs ADD COLUMN file_key TEXT CHECK (file_key <> '')",
                    "ALTER TABLE failures ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)", """
                    UPDATE failures SET count = (SELECT count(*) FROM failures same
                                                 WHERE same.local_path = failures.local_path
                                                   AND same.reason = failures.reason)""", """
                    DELETE FROM failures
                    WHERE id NOT IN (SELECT max(id) FROM failures GROUP BY local_path, reason)""",
                    "CREATE UNIQUE INDEX failures_path_reason ON failures (local_path, reason)"));

    /**
     * 5: each watched root's identity (its file key: device and inode) as first seen, so that a
     * root replaced by another directory (an unmounted disk leaves its empty mount point) is
     * recognised, across restarts too, before its files are taken as deleted. A root whose
     * deletions are held keeps why (held_*), for {@code ossync status}; confirm_deletes is the
     * operator's one-shot permission ({@code ossync confirm-deletes}), read at the next scan.
     */
    private static final Migration ROOTS = new Migration(5, "watched roots: identity and held deletions",
            List.of("""
                    CREATE TABLE roots (
                        root_path        TEXT    PRIMARY KEY,
                        file_key         TEXT,
                        held_reason      TEXT,
                        held_missing     INTEGER,
                        held_known       INTEGER,
                        held_since_ms    INTEGER,
                        confirm_deletes  INTEGER NOT NULL DEFAULT 0 CHECK (confirm_deletes IN (0, 1))
                    ) STRICT"""));

    /**
     * 6: the ledger is searched by file, not only by path: a renamed file (logrotate's
     * {@code app.log -> app.log.1}), grown since or not, is recognised by its file key (device and
     * inode) recorded under another path, and a copy ({@code copytruncate}) by its size.
     */
    private static final Migration LEDGER_BY_VERSION = new Migration(6, "ledger searchable by file version",
            List.of("CREATE INDEX ledger_size ON ledger (file_size)",
                    "CREATE INDEX ledger_file_key ON ledger (file_key)"));

    /**
     * 7: a checkpoint may rebuild its object from another one (a grown file from its old object, a
     * renamed file from the object of its old path): the source's key, ETag, size and CRC-64, all
     * NULL for an upload that sends every byte. The plan of such an upload follows from the source
     * size and the part size, so a resumed upload cuts its parts as the first run did.
     */
    private static final Migration CHECKPOINT_SOURCES = new Migration(7, "checkpoints may copy from an object",
            List.of("ALTER TABLE uploads ADD COLUMN source_key TEXT",
                    "ALTER TABLE uploads ADD COLUMN source_etag TEXT",
                    "ALTER TABLE uploads ADD COLUMN source_size INTEGER CHECK (source_size > 0)",
                    "ALTER TABLE uploads ADD COLUMN source_crc64 INTEGER"));

    /**
     * 8: where the daemon's credentials come from and when they expire, for {@code ossync status}
     * (one row, rewritten at each refresh): the source's name, the expiry of temporary credentials,
     * and why the last refresh failed, if it did. Never a key, secret or token.
     */
    private static final Migration CREDENTIALS = new Migration(8, "the daemon's credentials source and expiry",
            List.of("""
                    CREATE TABLE credentials (
                        id               INTEGER PRIMARY KEY CHECK (id = 1),
                        source           TEXT    NOT NULL,
                        expires_ms       INTEGER,
                        problem          TEXT,
                        problem_since_ms INTEGER,
                        updated_ms       INTEGER NOT NULL
                    ) STRICT"""));

    /** Every migration this build knows, in order. */
    public static final List<Migration> ALL = List.of(CHECKPOINTS, QUEUE_AND_LEDGER, JOBS_NAME_THEIR_WATCH,
            SET_ASIDE_VERSION_AND_FAILURE_COUNTS, ROOTS, LEDGER_BY_VERSION,
            CHECKPOINT_SOURCES, CREDENTIALS);

    private Migrations() {
    }

    /** Checks that {@code migrations} are numbered 1, 2, 3... without gaps. */
    static List<Migration> checkOrder(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration " + (i + 1) + " is numbered "
                        + migrations.get(i).version());
            }
        }
        return List.copyOf(migrations);
    }
}
