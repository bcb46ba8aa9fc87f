package io.ossync.queue;

import io.ossync.files.FileIdentity;
import io.ossync.util.StoredPaths;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;

/**
 * The SQL of table {@code jobs}: one row per local path (see {@code Migrations}). Every method runs
 * inside the caller's transaction; times are epoch milliseconds.
 */
final class JobsTable {

    private static final String COLUMNS = "id, local_path, watch_path, kind, state, attempts, not_before_ms, "
            + "enqueued_at_ms, last_error, rerun_kind";

    /**
     * A new job, or a PENDING / SET_ASIDE one replaced: the new kind, attempts reset. A job already
     * due keeps its place in line; one backing off or set aside becomes due now. A SET_ASIDE job
     * is left alone (no row changes) when an upload is offered for the very version of the file it
     * was set aside for ({@link #SAME_VERSION}): it waits for a change. A RUNNING job is left alone
     * too, see {@link #MARK_RERUN}. The job keeps the version it was offered for (NULL: unknown).
     */
    private static final String UPSERT = "INSERT INTO jobs (local_path, watch_path, kind, state, attempts, "
            + "not_before_ms, enqueued_at_ms, file_size, file_mtime_ns, file_key) "
            + "VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (local_path) DO UPDATE SET watch_path = excluded.watch_path, kind = excluded.kind, "
            + "attempts = 0, last_error = NULL, "
            + "not_before_ms = CASE WHEN state = 'SET_ASIDE' THEN excluded.not_before_ms "
            + "ELSE min(not_before_ms, excluded.not_before_ms) END, "
            + "enqueued_at_ms = CASE WHEN state = 'SET_ASIDE' THEN excluded.enqueued_at_ms ELSE enqueued_at_ms END, "
            + "file_size = excluded.file_size, file_mtime_ns = excluded.file_mtime_ns, file_key = excluded.file_key, "
            + "state = 'PENDING' "
            + "WHERE state = 'PENDING' OR (state = 'SET_ASIDE' AND NOT " + JobsTable.SAME_VERSION + ")";

    /**
     * In the UPSERT: the offer is an upload of a known version equal to the job's known one. An
     * unknown version on either side (NULL) is not the same: no identity could be read when the
     * job was set aside, or the caller did not say, so the offer is the only news there is.
     */
    private static final String SAME_VERSION = "(excluded.kind = 'UPLOAD' AND file_size IS NOT NULL "
            + "AND file_size IS excluded.file_size AND file_mtime_ns IS excluded.file_mtime_ns "
            + "AND file_key IS excluded.file_key)";

    /**
     * An enqueue for a RUNNING job is kept for when the run ends: the file changed meanwhile. The
     * re-run keeps the job's watch: a path belongs to one watch while the daemon runs; it takes
     * the version offered.
     */
    private static final String MARK_RERUN = "UPDATE jobs SET rerun_kind = ?, file_size = ?, file_mtime_ns = ?, "
            + "file_key = ? WHERE local_path = ? AND state = 'RUNNING'";

    /** A RUNNING job with a deferred re-run becomes a fresh PENDING job of the re-run's kind, due now. */
    private static final String REQUEUE_RERUN = "UPDATE jobs SET state = 'PENDING', kind = rerun_kind, "
            + "attempts = 0, not_before_ms = ?, enqueued_at_ms = ?, last_error = NULL, rerun_kind = NULL "
            + "WHERE state = 'RUNNING' AND rerun_kind IS NOT NULL";

    /** A {@code jobs} row. {@code rerunKind} is null unless an enqueue arrived while it was RUNNING. */
    record Row(long id, String localPath, String watchPath, JobKind kind, JobState state, int attempts,
               long notBeforeMillis, long enqueuedAtMillis, String lastError, JobKind rerunKind) {

        Job toJob() {
            return toJob(state);
        }

        /** The job as it is once this row's state is {@code newState}. */
        Job toJob(JobState newState) {
            return new Job(id, Path.of(localPath), watchPath == null ? null : Path.of(watchPath), kind, attempts,
                    Instant.ofEpochMilli(notBeforeMillis), Instant.ofEpochMilli(enqueuedAtMillis), lastError, newState);
        }

        /**
         * The job to be listed, not run: a path this JVM cannot represent is shown with {@code ?}
         * for what it cannot (such a job is set aside when claimed, see {@code JobQueue#claim}).
         */
        Job toListedJob() {
            return new Job(id, StoredPaths.forDisplay(localPath),
                    watchPath == null ? null : StoredPaths.forDisplay(watchPath), kind, attempts,
                    Instant.ofEpochMilli(notBeforeMillis), Instant.ofEpochMilli(enqueuedAtMillis), lastError, state);
        }

        boolean rerunRequested() {
            return rerunKind != null;
        }
    }

    /**
     * Enqueues one job after another on the same prepared statements, for a batch in one
     * transaction.
     */
    static final class Enqueuer implements AutoCloseable {

        private final PreparedStatement upsert;
        private final PreparedStatement markRerun;
        private final PreparedStatement state;

        Enqueuer(Connection c) throws SQLException {
            upsert = c.prepareStatement(UPSERT);
            try {
                markRerun = c.prepareStatement(MARK_RERUN);
                state = c.prepareStatement("SELECT state FROM jobs WHERE local_path = ?");
            } catch (SQLException e) {
                try {
                    close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /**
         * @return false when nothing changed: the path's job is set aside for this very version
         */
        boolean enqueue(String localPath, String watchPath, JobKind kind, FileIdentity identity, long nowMillis)
                throws SQLException {
            upsert.setString(1, localPath);
            upsert.setString(2, watchPath);
            upsert.setString(3, kind.name());
            upsert.setLong(4, nowMillis);
            upsert.setLong(5, nowMillis);
            setIdentity(upsert, 6, identity);
            if (upsert.executeUpdate() > 0) {
                return true;
            }
            markRerun.setString(1, kind.name());
            setIdentity(markRerun, 2, identity);
            markRerun.setString(5, localPath);
            if (markRerun.executeUpdate() == 1) {
                return true;
            }
            if (!isSetAside(localPath)) {
                throw new IllegalStateException("job of " + localPath + " was neither inserted, updated, running "
                        + "nor set aside");
            }
            return false;
        }

        private boolean isSetAside(String localPath) throws SQLException {
            state.setString(1, localPath);
            try (ResultSet rs = state.executeQuery()) {
                return rs.next() && JobState.valueOf(rs.getString(1)) == JobState.SET_ASIDE;
            }
        }

        @Override
        public void close() throws SQLException {
            try (upsert; markRerun; state) {
                // closes all, the later ones even when an earlier one fails (null ones are skipped)
            }
        }
    }

    private JobsTable() {
    }

    /** The oldest PENDING jobs due at {@code nowMillis}, at most {@code max}: earliest not-before time, then first created. */
    static List<Row> oldestDue(Connection c, long nowMillis, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs "
                + "WHERE state = 'PENDING' AND not_before_ms <= ? ORDER BY not_before_ms, id LIMIT ?")) {
            ps.setLong(1, nowMillis);
            ps.setInt(2, max);
            return rows(ps);
        }
    }

    static java.util.Set<Long> idsInState(Connection c, JobState state) throws SQLException {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE state = ?")) {
            ps.setString(1, state.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    static Optional<Row> byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            ps.setLong(1, id);
            return first(rows(ps));
        }
    }

    static Optional<Row> byPath(Connection c, String localPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE local_path = ?")) {
            ps.setString(1, localPath);
            return first(rows(ps));
        }
    }

    static List<Row> inState(Connection c, JobState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE state = ? ORDER BY id")) {
            ps.setString(1, state.name());
            return rows(ps);
        }
    }

    static void setState(Connection c, long id, JobState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Makes RUNNING job {@code id} PENDING again, not before {@code notBeforeMillis}, no attempt counted. */
    static void postpone(Connection c, long id, long notBeforeMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'PENDING', not_before_ms = ? "
                + "WHERE id = ?")) {
            ps.setLong(1, notBeforeMillis);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * True when an UPLOAD job of another path than {@code exceptPath}, PENDING or RUNNING, was
     * offered for a version of the file with {@code fileKey} (a renamed file, grown or not, waiting
     * to be copied from the object of its old path).
     */
    static boolean uploadOfFileWaits(Connection c, String fileKey, String exceptPath) throws SQLException {
        return uploadWaits(c, "file_key", fileKey, exceptPath);
    }

    /** True when an UPLOAD job of another path, PENDING or RUNNING, was offered for a version of {@code size} bytes. */
    static boolean uploadOfSizeWaits(Connection c, long size, String exceptPath) throws SQLException {
        return uploadWaits(c, "file_size", size, exceptPath);
    }

    private static boolean uploadWaits(Connection c, String column, Object value, String exceptPath)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE kind = 'UPLOAD' "
                + "AND state IN ('PENDING', 'RUNNING') AND " + column + " = ? AND local_path <> ? LIMIT 1")) {
            ps.setObject(1, value);
            ps.setString(2, exceptPath);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The local path and offered file key of every UPLOAD job PENDING or RUNNING that has one. */
    static Map<String, String> uploadFileKeysWaiting(Connection c) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT local_path, file_key FROM jobs "
                + "WHERE kind = 'UPLOAD' AND state IN ('PENDING', 'RUNNING') AND file_key IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.put(rs.getString(1), rs.getString(2));
            }
        }
        return keys;
    }

    /** The paths of the DELETE jobs PENDING or RUNNING. */
    static List<String> deletesUnderWay(Connection c) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT local_path FROM jobs WHERE kind = 'DELETE' "
                + "AND state IN ('PENDING', 'RUNNING')");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    /** Records a failed attempt: attempts + 1, the reason, the new state and when it may run again. */
    static void recordFailure(Connection c, long id, JobState state, String reason, long notBeforeMillis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, attempts = attempts + 1, "
                + "last_error = ?, not_before_ms = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, reason);
            ps.setLong(3, notBeforeMillis);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** The job was set aside for version {@code identity} of its file: it waits for another one. */
    static void recordVersion(Connection c, long id, FileIdentity identity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET file_size = ?, file_mtime_ns = ?, "
                + "file_key = ? WHERE id = ?")) {
            setIdentity(ps, 1, identity);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Sets parameters {@code first} to {@code first + 2} to the size, mtime and file key, or to NULL. */
    private static void setIdentity(PreparedStatement ps, int first, FileIdentity identity) throws SQLException {
        if (identity == null) {
            ps.setNull(first, Types.INTEGER);
            ps.setNull(first + 1, Types.INTEGER);
            ps.setNull(first + 2, Types.VARCHAR);
        } else {
            ps.setLong(first, identity.size());
            ps.setLong(first + 1, identity.mtimeNanos());
            ps.setString(first + 2, identity.fileKey());
        }
    }

    static void requeueRerun(Connection c, long id, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUEUE_RERUN + " AND id = ?")) {
            ps.setLong(1, nowMillis);
            ps.setLong(2, nowMillis);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Every PENDING job not due yet due at {@code nowMillis}; returns how many. */
    static int dueNow(Connection c, long nowMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET not_before_ms = ? WHERE state = 'PENDING' AND not_before_ms > ?")) {
            ps.setLong(1, nowMillis);
            ps.setLong(2, nowMillis);
            return ps.executeUpdate();
        }
    }

    /** Every RUNNING job back to PENDING (re-runs applied); returns how many. */
    static int releaseAllRunning(Connection c, long nowMillis) throws SQLException {
        int count;
        try (PreparedStatement ps = c.prepareStatement(REQUEUE_RERUN)) {
            ps.setLong(1, nowMillis);
            ps.setLong(2, nowMillis);
            count = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'PENDING' WHERE state = 'RUNNING'")) {
            count += ps.executeUpdate();
        }
        return count;
    }

    /**
     * Deletes the job if it is RUNNING and no re-run was asked for (the common end of a job, one
     * statement); false when it is not, and nothing changed.
     */
    static boolean deleteRunningWithoutRerun(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM jobs WHERE id = ? AND state = 'RUNNING' AND rerun_kind IS NULL")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    static boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes the SET_ASIDE jobs whose reason starts with {@code reasonPrefix}; returns how many. */
    static int deleteSetAsideFor(Connection c, String reasonPrefix) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE state = 'SET_ASIDE' "
                + "AND substr(last_error, 1, length(?)) = ?")) {
            ps.setString(1, reasonPrefix);
            ps.setString(2, reasonPrefix);
            return ps.executeUpdate();
        }
    }

    /** Drops the job of the path unless it is RUNNING, or else its deferred re-run; true if either went. */
    static boolean cancel(Connection c, String localPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE local_path = ? AND state <> 'RUNNING'")) {
            ps.setString(1, localPath);
            if (ps.executeUpdate() > 0) {
                return true;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET rerun_kind = NULL "
                + "WHERE local_path = ? AND state = 'RUNNING' AND rerun_kind IS NOT NULL")) {
            ps.setString(1, localPath);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Gives the jobs without a watch (carried over from schema 2) whose path is {@code folder} or
     * lies under it that watch; returns how many. A string prefix is a path prefix here because
     * both are absolute and normalised; {@code substr} rather than LIKE, whose {@code _}, {@code %}
     * and ASCII case folding would match other paths.
     */
    static int assignWatch(Connection c, String folder) throws SQLException {
        String under = folder.endsWith("/") ? folder : folder + "/";
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET watch_path = ? WHERE watch_path IS NULL "
                + "AND (local_path = ? OR substr(local_path, 1, length(?)) = ?)")) {
            ps.setString(1, folder);
            ps.setString(2, folder);
            ps.setString(3, under);
            ps.setString(4, under);
            return ps.executeUpdate();
        }
    }

    /** The watches that jobs name, each once; a job without one is not counted. */
    static List<String> watchPaths(Connection c) throws SQLException {
        List<String> watches = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT watch_path FROM jobs "
                + "WHERE watch_path IS NOT NULL ORDER BY watch_path");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                watches.add(rs.getString(1));
            }
        }
        return watches;
    }

    /** Deletes every job, in any state, that names {@code watchPath}, or names none when it is null. */
    static int deleteOfWatch(Connection c, String watchPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE watch_path IS ?")) {
            ps.setString(1, watchPath);
            return ps.executeUpdate();
        }
    }

    /** PENDING + RUNNING jobs. */
    static long depth(Connection c) throws SQLException {
        return queryLong(c, "SELECT count(*) FROM jobs WHERE state IN ('PENDING', 'RUNNING')").orElse(0L);
    }

    /** How many jobs are in each state; a state without jobs is absent. */
    static Map<JobState, Long> countByState(Connection c) throws SQLException {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM jobs GROUP BY state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    static Optional<Long> earliestNotBefore(Connection c) throws SQLException {
        return queryLong(c, "SELECT min(not_before_ms) FROM jobs WHERE state = 'PENDING'");
    }

    static Optional<Long> earliestPendingEnqueue(Connection c) throws SQLException {
        return queryLong(c, "SELECT min(enqueued_at_ms) FROM jobs WHERE state = 'PENDING'");
    }

    /** The single value of {@code sql}; empty when it is NULL. */
    private static Optional<Long> queryLong(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(value);
        }
    }

    private static Optional<Row> first(List<Row> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String rerun = rs.getString(10);
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), JobKind.valueOf(rs.getString(4)),
                        JobState.valueOf(rs.getString(5)), rs.getInt(6), rs.getLong(7), rs.getLong(8),
                        rs.getString(9), rerun == null ? null : JobKind.valueOf(rerun)));
            }
        }
        return rows;
    }
}
