package io.ossync.daemon;

import io.ossync.config.ContentTypes;
import io.ossync.config.InvalidObjectKeyException;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;
import io.ossync.upload.ObjectTarget;
import io.ossync.upload.TargetNaming;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a file of one watched folder becomes on the server: its key (the watch's prefix template
 * and the path relative to the folder) and its object options (Content-Type from the name, the
 * watch's storage class and encryption, the file's mtime in {@code x-oss-meta-mtime}), both named
 * from the version of the file that the upload verifies. Pure.
 */
final class ObjectNaming {

    /** User metadata key holding the file's modification time, in seconds since the epoch. */
    static final String MTIME_METADATA = "mtime";

    private final WatchConfig watch;

    ObjectNaming(WatchConfig watch) {
        this.watch = watch;
    }

    /**
     * The naming of the file at {@code relative}: its key and options follow the version uploaded.
     * It remembers the last version it named: the job and the engine ask it for the same version
     * one after the other.
     */
    TargetNaming forFile(Path relative) {
        return new TargetNaming() {
            /** The last version named and its target, as one value: safe to share between threads. */
            private volatile Named last;

            @Override
            public ObjectTarget targetFor(FileIdentity identity) throws InvalidObjectKeyException {
                Named named = last;
                if (named == null || !named.identity().equals(identity)) {
                    named = new Named(identity, new ObjectTarget(watch.prefix().keyFor(relative, mtime(identity)),
                            options(relative, identity)));
                    last = named;
                }
                return named.target();
            }
        };
    }

    private record Named(FileIdentity identity, ObjectTarget target) {
    }

    private ObjectOptions options(Path relative, FileIdentity identity) {
        return new ObjectOptions(ContentTypes.forFileName(relative.getFileName().toString()), watch.storageClass(),
                watch.serverSideEncryption(), Map.of(MTIME_METADATA, mtimeSeconds(mtime(identity))));
    }

    /** Seconds since the epoch, with nine decimals when the time has nanoseconds (no Formatter: once a file). */
    static String mtimeSeconds(Instant mtime) {
        if (mtime.getNano() == 0) {
            return Long.toString(mtime.getEpochSecond());
        }
        String nanos = Integer.toString(mtime.getNano());
        return mtime.getEpochSecond() + "." + "000000000".substring(nanos.length()) + nanos;
    }

    private static Instant mtime(FileIdentity identity) {
        return Instant.ofEpochSecond(0, identity.mtimeNanos());
    }
}
