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

    /** Every migration this build knows, in order. */
    public static final List<Migration> ALL = List.of(CHECKPOINTS);

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
