package io.ossync.checkpoint;

import io.ossync.files.FileIdentity;
import io.ossync.store.SourceObject;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of table {@code uploads}: one row per checkpoint (see {@code Migrations}). */
final class UploadsTable {

    private static final String COLUMNS = "id, local_path, bucket, object_key, upload_id, part_size, file_size, "
            + "file_mtime_ns, file_key, created_at_ms, restarts, row_checksum, source_key, source_etag, source_size, "
            + "source_crc64";

    /** An {@code uploads} row as stored: nothing in it is trusted until {@link #toCheckpoint()}. */
    record Row(long id, String localPath, String bucket, String key, String uploadId, long partSize,
               long fileSize, long mtimeNanos, String fileKey, long createdAtMillis, long restarts,
               long checksum, String sourceKey, String sourceEtag, Long sourceSize, Long sourceCrc64) {

        /** Rows without a source keep the layout (and checksums) they had before sources existed. */
        long expectedChecksum() {
            boolean copies = sourceKey != null || sourceEtag != null || sourceSize != null || sourceCrc64 != null;
            RowChecksum sum = new RowChecksum(copies ? "uploads.v2" : "uploads.v1").text(localPath).text(bucket)
                    .text(key).text(uploadId).number(partSize).number(fileSize).number(mtimeNanos).text(fileKey)
                    .number(createdAtMillis).number(restarts);
            if (copies) {
                sum.text(sourceKey).text(sourceEtag).text(String.valueOf(sourceSize)).text(String.valueOf(sourceCrc64));
            }
            return sum.value();
        }

        private SourceObject source() {
            if (sourceKey == null && sourceEtag == null && sourceSize == null && sourceCrc64 == null) {
                return null;
            }
            if (sourceSize == null || sourceCrc64 == null) {
                throw new IllegalArgumentException("source object half recorded");
            }
            return new SourceObject(sourceKey, sourceEtag, sourceSize, sourceCrc64);
        }

        Checkpoint toCheckpoint() throws CorruptRowException {
            long expected = expectedChecksum();
            if (checksum != expected) {
                throw new CorruptRowException(String.format("upload row %d fails its checksum (stored %016x, "
                        + "fields give %016x)", id, checksum, expected));
            }
            try {
                return new Checkpoint(id, Path.of(localPath), bucket, key, uploadId, partSize,
                        new FileIdentity(fileSize, mtimeNanos, fileKey), Instant.ofEpochMilli(createdAtMillis),
                        Math.toIntExact(restarts), source());
            } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
                throw new CorruptRowException("upload row " + id + " holds impossible values: " + e.getMessage());
            }
        }

        /** This row with the checksum of its fields. */
        Row signed() {
            return withIdAndChecksum(id, expectedChecksum());
        }

        Row withUploadId(String newUploadId) {
            return new Row(id, localPath, bucket, key, newUploadId, partSize, fileSize, mtimeNanos, fileKey,
                    createdAtMillis, restarts, 0, sourceKey, sourceEtag, sourceSize, sourceCrc64).signed();
        }

        Row withIdAndChecksum(long newId, long newChecksum) {
            return new Row(newId, localPath, bucket, key, uploadId, partSize, fileSize, mtimeNanos, fileKey,
                    createdAtMillis, restarts, newChecksum, sourceKey, sourceEtag, sourceSize, sourceCrc64);
        }

        Lookup.Corrupt corrupt(String reason) {
            return new Lookup.Corrupt(id, localPath, bucket, key,
                    Optional.ofNullable(uploadId).filter(u -> !u.isBlank()), reason);
        }
    }

    private UploadsTable() {
    }

    /** Inserts a new row (checksum computed here) and returns it with its id. */
    static Row insert(Connection c, String localPath, String bucket, String key, String uploadId, long partSize,
                      FileIdentity identity, Instant createdAt, int restarts, SourceObject source) throws SQLException {
        Row row = new Row(0, localPath, bucket, key, uploadId, partSize, identity.size(), identity.mtimeNanos(),
                identity.fileKey(), createdAt.toEpochMilli(), restarts, 0,
                source == null ? null : source.key(), source == null ? null : source.etag(),
                source == null ? null : source.size(), source == null ? null : source.crc64()).signed();
        // The source columns are named only when there is a source: they default to NULL anyway.
        String sql = "INSERT INTO uploads (local_path, bucket, object_key, upload_id, part_size, file_size, "
                + "file_mtime_ns, file_key, created_at_ms, restarts, row_checksum"
                + (source == null ? ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : ", source_key, source_etag, source_size, source_crc64) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, row.localPath());
            ps.setString(2, row.bucket());
            ps.setString(3, row.key());
            ps.setString(4, row.uploadId());
            ps.setLong(5, row.partSize());
            ps.setLong(6, row.fileSize());
            ps.setLong(7, row.mtimeNanos());
            ps.setString(8, row.fileKey());
            ps.setLong(9, row.createdAtMillis());
            ps.setLong(10, row.restarts());
            ps.setLong(11, row.checksum());
            if (source != null) {
                ps.setString(12, row.sourceKey());
                ps.setString(13, row.sourceEtag());
                ps.setLong(14, row.sourceSize());
                ps.setLong(15, row.sourceCrc64());
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return row.withIdAndChecksum(keys.getLong(1), row.checksum());
            }
        }
    }

    static Optional<Row> select(Connection c, String localPath, String bucket, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM uploads WHERE local_path = ? AND bucket = ? AND object_key = ?")) {
            ps.setString(1, localPath);
            ps.setString(2, bucket);
            ps.setString(3, key);
            List<Row> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    /** The rows of one local file in one bucket, whatever their key, oldest first. */
    static List<Row> select(Connection c, String localPath, String bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM uploads WHERE local_path = ? AND bucket = ? ORDER BY id")) {
            ps.setString(1, localPath);
            ps.setString(2, bucket);
            return rows(ps);
        }
    }

    /** Whether {@code localPath} has a row, in any bucket. */
    static boolean hasRows(Connection c, String localPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM uploads WHERE local_path = ? LIMIT 1")) {
            ps.setString(1, localPath);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The local paths that have at least one row. */
    static java.util.Set<String> localPaths(Connection c) throws SQLException {
        java.util.Set<String> paths = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT local_path FROM uploads");
             java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    static List<Row> selectAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM uploads ORDER BY id")) {
            return rows(ps);
        }
    }

    /**
     * Sets the upload id of row {@code id} and re-signs it. A row that fails its checksum is not
     * re-signed: that would launder a corruption.
     */
    static Row updateUploadId(Connection c, long id, String uploadId) throws SQLException {
        Row current = selectById(c, id).orElseThrow(() -> new NoSuchCheckpointException(id, null));
        try {
            current.toCheckpoint();
        } catch (CorruptRowException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Row updated = current.withUploadId(uploadId);
        try (PreparedStatement ps = c.prepareStatement("UPDATE uploads SET upload_id = ?, row_checksum = ? WHERE id = ?")) {
            ps.setString(1, updated.uploadId());
            ps.setLong(2, updated.checksum());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        return updated;
    }

    private static Optional<Row> selectById(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM uploads WHERE id = ?")) {
            ps.setLong(1, id);
            List<Row> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    /** Deletes the row; its parts go with it (ON DELETE CASCADE). */
    static boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM uploads WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getLong(10), rs.getLong(11),
                        rs.getLong(12), rs.getString(13), rs.getString(14), nullableLong(rs, 15),
                        nullableLong(rs, 16)));
            }
        }
        return rows;
    }
}
