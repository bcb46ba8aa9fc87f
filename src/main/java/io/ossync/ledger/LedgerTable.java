package io.ossync.ledger;

import io.ossync.files.FileIdentity;
import io.ossync.util.StoredPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The SQL of table {@code ledger}: one row per uploaded local path (see {@code Migrations}). */
final class LedgerTable {

    private static final Logger log = LoggerFactory.getLogger(LedgerTable.class);

    private static final String COLUMNS = "local_path, bucket, object_key, file_size, file_mtime_ns, file_key, "
            + "crc64, uploaded_at_ms";

    private static final String UPSERT = "INSERT INTO ledger (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (local_path) DO UPDATE SET bucket = excluded.bucket, object_key = excluded.object_key, "
            + "file_size = excluded.file_size, file_mtime_ns = excluded.file_mtime_ns, file_key = excluded.file_key, "
            + "crc64 = excluded.crc64, uploaded_at_ms = excluded.uploaded_at_ms";

    static final String BY_SIZE = "SELECT " + COLUMNS + " FROM ledger "
            + "WHERE file_size = ? AND bucket = ? ORDER BY uploaded_at_ms DESC LIMIT ?";

    static final String BY_FILE_KEY = "SELECT " + COLUMNS + " FROM ledger "
            + "WHERE file_key = ? AND bucket = ? ORDER BY uploaded_at_ms DESC LIMIT ?";

    private LedgerTable() {
    }

    /** Writes the entry of its path, replacing an earlier one. */
    static void upsert(Connection c, String localPath, String bucket, String key, FileIdentity identity, long crc64,
                       Instant uploadedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, localPath);
            ps.setString(2, bucket);
            ps.setString(3, key);
            ps.setLong(4, identity.size());
            ps.setLong(5, identity.mtimeNanos());
            ps.setString(6, identity.fileKey());
            ps.setLong(7, crc64);
            ps.setLong(8, uploadedAt.toEpochMilli());
            ps.executeUpdate();
        }
    }

    static Optional<LedgerEntry> select(Connection c, String localPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger WHERE local_path = ?")) {
            ps.setString(1, localPath);
            List<LedgerEntry> entries = entries(ps);
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
        }
    }

    /** At most {@code limit} entries of files of {@code size} in {@code bucket}, newest first. */
    static List<LedgerEntry> selectBySize(Connection c, long size, String bucket, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BY_SIZE)) {
            ps.setLong(1, size);
            ps.setString(2, bucket);
            ps.setInt(3, limit);
            return entries(ps);
        }
    }

    /** At most {@code limit} entries of the file with {@code fileKey} in {@code bucket}, newest first. */
    static List<LedgerEntry> selectByFileKey(Connection c, String fileKey, String bucket, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BY_FILE_KEY)) {
            ps.setString(1, fileKey);
            ps.setString(2, bucket);
            ps.setInt(3, limit);
            return entries(ps);
        }
    }

    /** The entries in {@code range}, in path order. */
    static List<LedgerEntry> selectRange(Connection c, PathRange range) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger "
                + "WHERE local_path >= ? AND local_path < ? ORDER BY local_path")) {
            ps.setString(1, range.lower());
            ps.setString(2, range.upper());
            return entries(ps);
        }
    }

    /**
     * Up to {@code limit} rows of the range in path order, after the stored path {@code after}
     * (exclusive; null: from the range's start): the stored path and version of each, handed to
     * {@code consumer} as they are read (no entry, no parsed path, so rows whose name this JVM
     * cannot decode come as stored). Returns the stored path of the last row, where the next page
     * starts; null when none.
     */
    static String selectVersionsPage(Connection c, PathRange range, String after, int limit,
                                     BiConsumer<String, FileIdentity> consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT local_path, file_size, file_mtime_ns, file_key FROM ledger "
                + "WHERE local_path " + (after == null ? ">=" : ">") + " ? AND local_path < ? ORDER BY local_path LIMIT ?")) {
            ps.setString(1, after == null ? range.lower() : after);
            ps.setString(2, range.upper());
            ps.setInt(3, limit);
            String last = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getString(1);
                    consumer.accept(last, new FileIdentity(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
            return last;
        }
    }

    static boolean delete(Connection c, String localPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger WHERE local_path = ?")) {
            ps.setString(1, localPath);
            return ps.executeUpdate() > 0;
        }
    }

    static Optional<Instant> latestUpload(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(uploaded_at_ms) FROM ledger");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long millis = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
        }
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ledger"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<LedgerEntry> entries(PreparedStatement ps) throws SQLException {
        List<LedgerEntry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Optional<Path> path = StoredPaths.parse(rs.getString(1));
                if (path.isEmpty()) {
                    // Uploaded under a UTF-8 locale, read under another: this JVM could not open the
                    // file anyway. Leaving the row out keeps it (and its object) as they are.
                    log.warn("ledger row skipped: file name cannot be represented in this JVM's file-name encoding "
                            + "path={} encoding={}", rs.getString(1), StoredPaths.fileNameEncodingName());
                    continue;
                }
                entries.add(new LedgerEntry(path.get(), rs.getString(2), rs.getString(3),
                        new FileIdentity(rs.getLong(4), rs.getLong(5), rs.getString(6)), rs.getLong(7),
                        Instant.ofEpochMilli(rs.getLong(8))));
            }
        }
        return entries;
    }
}
