package io.ossync.watch;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the intake knows of a regular file without reading it: size, modification time in
 * nanoseconds since the epoch (as precise as the file system keeps it) and the file key (device
 * and inode on Linux, e.g. {@code (dev=803,ino=1234)}; empty where the file system has none).
 * Two equal snapshots are taken to mean "the file did not change".
 */
public record FileSnapshot(long size, long mtimeNanos, String fileKey) {

    public FileSnapshot {
        Objects.requireNonNull(fileKey, "fileKey");
        if (size < 0) {
            throw new IllegalArgumentException("file size must not be negative: " + size);
        }
    }

    /** The snapshot described by attributes already read (no further I/O). */
    public static FileSnapshot of(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return new FileSnapshot(attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                key == null ? "" : key.toString());
    }
}
