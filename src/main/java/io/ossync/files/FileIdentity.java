package io.ossync.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What tells one version of a file from another without reading it: size, modification time in
 * nanoseconds and the file key (device and inode on Unix, e.g. {@code (dev=803,ino=1234)}). A
 * different file key means the path now names another file (deleted and recreated, or replaced by
 * a rename) even when size and time agree. Two equal identities are taken to mean "the file did
 * not change": the intake, the ledger and the upload all rely on that.
 *
 * <p>A file system without file keys gives {@code fileKey} null, never an empty string: the
 * ledger and checkpoint rows store it as SQL NULL, so the same version compares equal whether it
 * was just read or read back from the state database.
 *
 * <p>The precision of the time is what the file system keeps (nanoseconds on ext4, xfs, btrfs).
 */
public record FileIdentity(long size, long mtimeNanos, String fileKey) {

    public FileIdentity {
        if (size < 0) {
            throw new IllegalArgumentException("file size cannot be negative: " + size);
        }
        if (fileKey != null && fileKey.isEmpty()) {
            throw new IllegalArgumentException("a missing file key is null, not an empty string");
        }
    }

    /** The identity described by attributes already read (no further I/O). */
    public static FileIdentity of(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return new FileIdentity(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                key == null ? null : key.toString());
    }

    /**
     * Reads the identity of the regular file at {@code file}, following links: the identity is
     * that of the file whose bytes an upload reads.
     *
     * @throws IOException when the file is missing or unreadable
     * @throws NotRegularFileException when it is not a regular file
     */
    public static FileIdentity read(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(file, attributes);
        }
        return of(attributes);
    }

    /**
     * How {@code now} differs from this identity, in words for a log line, e.g.
     * {@code size 100 -> 120, mtime changed (2026-01-01T00:00:00Z -> 2026-01-01T00:00:05Z)}; empty
     * when both name the same version of the file.
     */
    public Optional<String> differenceTo(FileIdentity now) {
        List<String> changes = new ArrayList<>(3);
        if (!Objects.equals(fileKey, now.fileKey)) {
            changes.add("file replaced (" + fileKey + " -> " + now.fileKey + ")");
        }
        if (size != now.size) {
            changes.add("size " + size + " -> " + now.size);
        }
        if (mtimeNanos != now.mtimeNanos) {
            changes.add("mtime changed (" + instant(mtimeNanos) + " -> " + instant(now.mtimeNanos) + ")");
        }
        return changes.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", changes));
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
