package io.ossync.checkpoint;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of table {@code parts}: one row per acknowledged part of a checkpoint (see {@code Migrations}). */
final class PartsTable {

    /** A {@code parts} row as stored: nothing in it is trusted until {@link #toRecord()}. */
    record Row(long checkpointId, int partNumber, long offset, long size, String etag, long crc64, long checksum) {

        static Row of(long checkpointId, PartRecord part) {
            return new Row(checkpointId, part.partNumber(), part.offset(), part.size(), part.etag(), part.crc64(), 0)
                    .signed();
        }

        /** This row with the checksum of its fields. */
        Row signed() {
            return new Row(checkpointId, partNumber, offset, size, etag, crc64, expectedChecksum());
        }

        long expectedChecksum() {
            return new RowChecksum("parts.v1").number(checkpointId).number(partNumber).number(offset)
                    .number(size).text(etag).number(crc64).value();
        }

        PartRecord toRecord() throws CorruptRowException {
            long expected = expectedChecksum();
            if (checksum != expected) {
                throw new CorruptRowException(String.format("part %d of upload row %d fails its checksum "
                        + "(stored %016x, fields give %016x)", partNumber, checkpointId, checksum, expected));
            }
            try {
                return new PartRecord(partNumber, offset, size, etag, crc64);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new CorruptRowException("part " + partNumber + " of upload row " + checkpointId
                        + " holds impossible values: " + e.getMessage());
            }
        }
    }

    private static final String UPSERT = "INSERT INTO parts (checkpoint_id, part_number, part_offset, part_size, "
            + "etag, crc64, row_checksum) VALUES (?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (checkpoint_id, part_number) DO UPDATE SET part_offset = excluded.part_offset, "
            + "part_size = excluded.part_size, etag = excluded.etag, crc64 = excluded.crc64, "
            + "row_checksum = excluded.row_checksum";

    private PartsTable() {
    }

    /** Inserts the parts, replacing rows of the same part numbers; one statement, reused. */
    static void upsert(Connection c, long checkpointId, List<PartRecord> parts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (PartRecord part : parts) {
                Row row = Row.of(checkpointId, part);
                ps.setLong(1, row.checkpointId());
                ps.setInt(2, row.partNumber());
                ps.setLong(3, row.offset());
                ps.setLong(4, row.size());
                ps.setString(5, row.etag());
                ps.setLong(6, row.crc64());
                ps.setLong(7, row.checksum());
                ps.executeUpdate();
            }
        }
    }

    static List<Row> select(Connection c, long checkpointId) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint_id, part_number, part_offset, part_size, "
                + "etag, crc64, row_checksum FROM parts WHERE checkpoint_id = ? ORDER BY part_number")) {
            ps.setLong(1, checkpointId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return rows;
    }
}
