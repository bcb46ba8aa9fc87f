package io.ossync.config;

import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One watched folder and how its files become objects.
 *
 * @param path the folder, absolute and normalised
 * @param prefix maps a file to its key
 * @param filter which files are taken
 * @param quietPeriod how long a file's size and mtime must stay still before it is uploaded
 * @param afterUpload what becomes of the local file once its object is verified
 * @param mirrorDeletes whether deleting the local file deletes its object
 * @param followSymlinks whether symbolic links are followed (else skipped)
 * @param storageClass the objects' storage class
 * @param serverSideEncryption the objects' server-side encryption
 * @param maxDelete how many files one scan may find gone and delete (more: all of them are held)
 * @param maxDelay a file that keeps changing is uploaded anyway once this long has passed since its
 *                 first change not yet uploaded; {@link Duration#ZERO} is off (wait for quiet)
 * @param appendOnly the folder's files only ever grow, so an upload of a grown file may trust the
 *                   object's bytes for the prefix without reading it again (a file rewritten in
 *                   place then gets a corrupt object)
 */
public record WatchConfig(Path path, KeyTemplate prefix, PathFilter filter, Duration quietPeriod,
                          AfterUpload afterUpload, boolean mirrorDeletes, boolean followSymlinks,
                          StorageClass storageClass, ServerSideEncryption serverSideEncryption,
                          DeleteLimit maxDelete, Duration maxDelay, boolean appendOnly) {

    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(2);

    public WatchConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(afterUpload, "afterUpload");
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(serverSideEncryption, "serverSideEncryption");
        Objects.requireNonNull(maxDelete, "maxDelete");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("watched folder must be absolute: " + path);
        }
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (quietPeriod.isNegative()) {
            throw new IllegalArgumentException("negative quiet period " + quietPeriod);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("negative max delay " + maxDelay);
        }
    }

    /** A watch without max-delay and not append-only (the settings before they existed). */
    public WatchConfig(Path path, KeyTemplate prefix, PathFilter filter, Duration quietPeriod,
                       AfterUpload afterUpload, boolean mirrorDeletes, boolean followSymlinks,
                       StorageClass storageClass, ServerSideEncryption serverSideEncryption,
                       DeleteLimit maxDelete) {
        this(path, prefix, filter, quietPeriod, afterUpload, mirrorDeletes, followSymlinks, storageClass,
                serverSideEncryption, maxDelete, Duration.ZERO, false);
    }
}
