package io.ossync.queue;

import io.ossync.files.FileIdentity;
import io.ossync.state.Migrations;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ossync.state.SqliteFiles.execute;
import static io.ossync.state.SqliteFiles.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real state database of schema 3 (a set-aside job knows no file version, one failure row per
 * attempt) opened by this build: migration 4 keeps the jobs, folds the failure rows into one
 * counted row per file and reason, and the set-aside job, whose version is unknown, is revived
 * by the next offer, after which it waits for a change like any other.
 */
class SchemaThreeSetAsideTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:30:00Z");
    private static final Path WATCH = Path.of("/data/a");
    private static final Path LONG = Path.of("/data/a/long.bin");
    private static final FileIdentity V1 = new FileIdentity(100, 1_000_000_123L, "(dev=801,ino=7)");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);

    private Path schemaThreeDatabase() throws Exception {
        Path file = dir.resolve("state.db");
        try (StateDatabase v3 = StateDatabase.open(file, Migrations.ALL.subList(0, 3))) {
            v3.runInTransaction(c -> {
                update(c, "INSERT INTO jobs (id, local_path, watch_path, kind, state, attempts, not_before_ms, "
                        + "enqueued_at_ms, last_error) VALUES (1, '" + LONG + "', '" + WATCH + "', 'UPLOAD', "
                        + "'SET_ASIDE', 3, 0, 0, 'object key too long')");
                for (int i = 0; i < 3; i++) {
                    failure(c, LONG.toString(), "object key too long", i + 1, T0.plusSeconds(i));
                }
                failure(c, "/data/a/flaky.bin", "timeout", 1, T0.plusSeconds(10));
                failure(c, LONG.toString(), "connection reset", 1, T0.plusSeconds(20));
            });
        }
        return file;
    }

    private static void failure(Connection c, String path, String reason, int attempts, Instant at)
            throws SQLException {
        update(c, "INSERT INTO failures (local_path, kind, attempts, reason, set_aside, failed_at_ms) VALUES ('"
                + path + "', 'UPLOAD', " + attempts + ", '" + reason + "', 1, " + at.toEpochMilli() + ")");
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    @Test
    void failureRowsFoldIntoCountedRowsNewestFirst() throws Exception {
        Path file = schemaThreeDatabase();

        try (StateDatabase db = StateDatabase.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(new JobQueue(db, clock).recentFailures(10)).containsExactly(
                    new Failure(LONG, JobKind.UPLOAD, 1, "connection reset", T0.plusSeconds(20), true, 1),
                    new Failure(Path.of("/data/a/flaky.bin"), JobKind.UPLOAD, 1, "timeout", T0.plusSeconds(10), true, 1),
                    new Failure(LONG, JobKind.UPLOAD, 3, "object key too long", T0.plusSeconds(2), true, 3));
        }
        assertThatThrownBy(() -> execute(file, "INSERT INTO failures (local_path, kind, attempts, reason, set_aside, "
                + "failed_at_ms) VALUES ('/data/a/flaky.bin', 'UPLOAD', 1, 'timeout', 0, 0)"))
                .as("one row per file and reason").hasMessageContaining("UNIQUE constraint failed");
    }

    @Test
    void theSetAsideJobIsKeptAndRevivedOnceByTheNextOfferThenWaitsForAChange() throws Exception {
        Path file = schemaThreeDatabase();

        try (StateDatabase db = StateDatabase.open(file)) {
            JobQueue queue = new JobQueue(db, clock);
            assertThat(queue.setAside()).singleElement().satisfies(job -> {
                assertThat(job.id()).isEqualTo(1);
                assertThat(job.attempts()).isEqualTo(3);
                assertThat(job.lastError()).isEqualTo("object key too long");
            });
            assertThat(queryLong(file, "SELECT count(*) FROM jobs WHERE file_size IS NULL AND file_mtime_ns IS NULL "
                    + "AND file_key IS NULL")).as("no version known").isEqualTo(1);

            queue.enqueueAll(List.of(JobRequest.upload(LONG, WATCH, V1)));
            Job revived = queue.claim().orElseThrow();
            assertThat(revived.id()).isEqualTo(1);
            queue.setAside(revived.id(), "object key too long", V1);
            clock.advance(Duration.ofMinutes(1));

            queue.enqueueAll(List.of(JobRequest.upload(LONG, WATCH, V1)));

            assertThat(queue.claim()).isEmpty();
            assertThat(queue.recentFailures(10).get(0)).satisfies(f -> {
                assertThat(f.reason()).isEqualTo("object key too long");
                assertThat(f.count()).as("3 from schema 3, 1 after").isEqualTo(4);
            });
        }
    }
}
