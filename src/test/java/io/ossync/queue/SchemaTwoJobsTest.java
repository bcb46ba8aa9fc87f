package io.ossync.queue;

import io.ossync.state.Migrations;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import static io.ossync.state.SqliteFiles.execute;
import static io.ossync.state.SqliteFiles.queryLong;
import static io.ossync.state.SqliteFiles.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real state database of schema 2 (jobs naming their watch by position) opened by this build:
 * migration 3 keeps every job without a watch, and the start-up mapping gives each the configured
 * watch whose folder holds its path.
 */
class SchemaTwoJobsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:30:00Z");
    private static final Path WATCH_A = Path.of("/data/a");
    private static final Path WATCH_B = Path.of("/data/b");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);

    private Path schemaTwoDatabase() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDatabase v2 = StateDatabase.open(file, Migrations.ALL.subList(0, 2))) {
            v2.runInTransaction(c -> {
                job(c, 1, "/data/a/x.bin", 0, "UPLOAD", "PENDING", null, null);
                job(c, 2, "/data/b/y.bin", 1, "DELETE", "SET_ASIDE", "permission denied", null);
                job(c, 3, "/data/a/sub/z.bin", 0, "UPLOAD", "RUNNING", null, "DELETE");
                job(c, 4, "/gone/w.bin", 2, "UPLOAD", "PENDING", null, null);
                job(c, 5, "/data/ab/q.bin", 0, "UPLOAD", "PENDING", null, null);
                job(c, 6, "/data/a/done.bin", 0, "UPLOAD", "PENDING", null, null);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = 6")) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO failures (local_path, watch_index, kind, "
                        + "attempts, reason, set_aside, failed_at_ms) VALUES ('/data/b/y.bin', 1, 'UPLOAD', 1, "
                        + "'permission denied', 1, " + T0.toEpochMilli() + ")")) {
                    ps.executeUpdate();
                }
            });
        }
        return file;
    }

    private static void job(java.sql.Connection c, long id, String path, int watchIndex, String kind, String state,
                            String lastError, String rerunKind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, local_path, watch_index, kind, state, "
                + "attempts, not_before_ms, enqueued_at_ms, last_error, rerun_kind, rerun_watch_index) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, path);
            ps.setInt(3, watchIndex);
            ps.setString(4, kind);
            ps.setString(5, state);
            ps.setInt(6, lastError == null ? 0 : 3);
            ps.setLong(7, T0.toEpochMilli());
            ps.setLong(8, T0.toEpochMilli());
            ps.setString(9, lastError);
            ps.setString(10, rerunKind);
            if (rerunKind == null) {
                ps.setNull(11, java.sql.Types.INTEGER);
            } else {
                ps.setInt(11, watchIndex);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void migrationKeepsEveryJobWithoutAWatchAndTheIdSequence() throws Exception {
        Path file = schemaTwoDatabase();

        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            JobQueue queue = new JobQueue(db, clock);
            assertThat(queryLong(file, "SELECT count(*) FROM jobs WHERE watch_path IS NULL")).isEqualTo(5);
            assertThat(queue.job(Path.of("/data/b/y.bin")).orElseThrow()).satisfies(job -> {
                assertThat(job.id()).isEqualTo(2);
                assertThat(job.watch()).isNull();
                assertThat(job.kind()).isEqualTo(JobKind.DELETE);
                assertThat(job.state()).isEqualTo(JobState.SET_ASIDE);
                assertThat(job.attempts()).isEqualTo(3);
                assertThat(job.lastError()).isEqualTo("permission denied");
            });
            assertThat(queue.recentFailures(10)).containsExactly(new Failure(Path.of("/data/b/y.bin"), JobKind.UPLOAD,
                    1, "permission denied", T0, true));

            assertThat(queue.recoverRunning()).as("the re-run kept through the migration").isEqualTo(1);
            assertThat(queue.job(Path.of("/data/a/sub/z.bin")).orElseThrow().kind()).isEqualTo(JobKind.DELETE);

            queue.enqueue(Path.of("/data/a/new.bin"), WATCH_A, JobKind.UPLOAD);
            assertThat(queue.job(Path.of("/data/a/new.bin")).orElseThrow().id())
                    .as("ids of jobs deleted before the migration are not handed out again").isEqualTo(7);
        }
        assertThat(queryString(file, "SELECT group_concat(name) FROM pragma_table_info('jobs')"))
                .isEqualTo("id,local_path,watch_path,kind,state,attempts,not_before_ms,enqueued_at_ms,last_error,"
                        + "rerun_kind,file_size,file_mtime_ns,file_key");
        assertThat(queryString(file, "SELECT group_concat(name) FROM pragma_table_info('failures')"))
                .doesNotContain("watch");
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'jobs_due' "
                + "AND tbl_name = 'jobs'")).isEqualTo(1);
        assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'jobs_v%'")).isZero();
        assertThatThrownBy(() -> execute(file, "INSERT INTO jobs (local_path, kind, state, attempts, not_before_ms, "
                + "enqueued_at_ms, rerun_kind) VALUES ('/x', 'UPLOAD', 'PENDING', 0, 0, 0, 'DELETE')"))
                .as("a re-run only for a RUNNING job, as before").hasMessageContaining("CHECK constraint failed");
    }

    @Test
    void startUpMappingGivesEachJobTheWatchWhoseFolderHoldsItsPath() throws Exception {
        Path file = schemaTwoDatabase();

        try (StateDatabase db = StateDatabase.open(file)) {
            JobQueue queue = new JobQueue(db, clock);
            // The list was reordered since: position 0 is now /data/b. Only the path decides.
            assertThat(queue.assignWatch(WATCH_B)).isEqualTo(1);
            assertThat(queue.assignWatch(WATCH_A)).isEqualTo(2);
            assertThat(queue.assignWatch(WATCH_A)).as("mapped once").isZero();

            assertThat(queue.job(Path.of("/data/a/x.bin")).orElseThrow().watch()).isEqualTo(WATCH_A);
            assertThat(queue.job(Path.of("/data/a/sub/z.bin")).orElseThrow().watch()).isEqualTo(WATCH_A);
            assertThat(queue.job(Path.of("/data/b/y.bin")).orElseThrow().watch()).isEqualTo(WATCH_B);
            assertThat(queue.job(Path.of("/data/ab/q.bin")).orElseThrow().watch())
                    .as("/data/ab is not under /data/a").isNull();
            assertThat(queue.watches()).containsExactly(WATCH_A, WATCH_B);

            assertThat(queue.dropJobsWithoutWatch()).as("/gone/w.bin and /data/ab/q.bin").isEqualTo(2);
            assertThat(queue.job(Path.of("/gone/w.bin"))).isEmpty();
            assertThat(queryLong(file, "SELECT count(*) FROM jobs")).isEqualTo(3);
        }
    }
}
