package io.ossync.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The on-disk layout of one bucket:
 * <pre>
 * DIR/bucket/objects/&lt;sha256(key)&gt;.json   object metadata (the commit point of an object)
 * DIR/bucket/data/&lt;unique&gt;.seg            object data, one file per segment
 * DIR/bucket/uploads/&lt;uploadId&gt;/upload.json and part-N.json, N-&lt;unique&gt;.seg
 * DIR/bucket/tmp/                          files being received; emptied at start
 * </pre>
 * Keys never become file names (they may hold any UTF-8, '/', newlines, 1023 bytes): a key maps
 * to the hash of its bytes, and the key itself lives in the JSON.
 */
record BucketFolders(Path root, Path objects, Path data, Path uploads, Path tmp) {
    static BucketFolders create(Path root) throws IOException {
        BucketFolders f = new BucketFolders(root, root.resolve("objects"), root.resolve("data"),
                root.resolve("uploads"), root.resolve("tmp"));
        Files.createDirectories(f.objects);
        Files.createDirectories(f.data);
        Files.createDirectories(f.uploads);
        Files.createDirectories(f.tmp);
        return f;
    }

    /** The layout of a bucket folder as it is, creating nothing (for a read-only emulator). */
    static BucketFolders existing(Path root) {
        return new BucketFolders(root, root.resolve("objects"), root.resolve("data"),
                root.resolve("uploads"), root.resolve("tmp"));
    }

    Path newTempFile() {
        return tmp.resolve(uniqueName() + ".tmp");
    }

    Path objectSidecar(String key) {
        return objects.resolve(keyHash(key) + ".json");
    }

    Path upload(String uploadId) {
        return uploads.resolve(uploadId);
    }

    /**
     * Makes {@code target} a second name of the data file {@code source} (data files are never
     * written after they are named, so sharing one is safe and moves no byte); copies it where the
     * file system has no hard links.
     */
    static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Files.copy(source, target);
        }
    }

    static String uniqueName() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String keyHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
