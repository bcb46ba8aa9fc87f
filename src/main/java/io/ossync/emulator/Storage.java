package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All buckets under the data folder: every sub-folder with a valid bucket name is a bucket, and the
 * configured bucket names are created if missing. Everything survives a restart.
 */
final class Storage {
    private final Map<String, BucketStore> buckets;

    private Storage(Map<String, BucketStore> buckets) {
        this.buckets = buckets;
    }

    static Storage open(Path dataDir, List<String> configuredBuckets, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        Sidecars sidecars = new Sidecars();
        Map<String, BucketStore> buckets = new TreeMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                // Only folders this emulator made are buckets: the data folder may be shared
                // (the demo keeps its inbox and state beside the bucket) and must not be written into.
                if (RequestTarget.isValidBucketName(name) && Files.isDirectory(dir.resolve("objects"))) {
                    buckets.put(name, BucketStore.open(name, dir, sidecars, clock));
                }
            }
        }
        for (String name : configuredBuckets) {
            if (!RequestTarget.isValidBucketName(name)) {
                throw new IllegalArgumentException("invalid bucket name '" + name
                        + "' (3-63 characters: lower-case letters, digits, '-'; not starting or ending with '-')");
            }
            if (!buckets.containsKey(name)) {
                buckets.put(name, BucketStore.open(name, dataDir.resolve(name), sidecars, clock));
            }
        }
        return new Storage(Map.copyOf(buckets));
    }

    /**
     * The buckets already in {@code dataDir}, opened read-only (see {@link BucketStore#openReadOnly}):
     * nothing is created or deleted; a missing folder holds no bucket.
     */
    static Storage openReadOnly(Path dataDir, Clock clock) throws IOException {
        Map<String, BucketStore> buckets = new TreeMap<>();
        if (Files.isDirectory(dataDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
                for (Path dir : dirs) {
                    String name = dir.getFileName().toString();
                    if (RequestTarget.isValidBucketName(name) && Files.isDirectory(dir.resolve("objects"))) {
                        buckets.put(name, BucketStore.openReadOnly(name, dir, new Sidecars(), clock));
                    }
                }
            }
        }
        return new Storage(Map.copyOf(buckets));
    }

    /** Whether {@code dataDir} already holds a bucket an emulator made (same rule as {@link #open}). */
    static boolean holdsBuckets(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (RequestTarget.isValidBucketName(dir.getFileName().toString())
                        && Files.isDirectory(dir.resolve("objects"))) {
                    return true;
                }
            }
        }
        return false;
    }

    BucketStore bucket(String name) throws OssException {
        BucketStore bucket = buckets.get(name);
        if (bucket == null) {
            throw OssErrors.noSuchBucket(name);
        }
        return bucket;
    }

    Collection<String> bucketNames() {
        return new TreeMap<>(buckets).keySet();
    }
}
