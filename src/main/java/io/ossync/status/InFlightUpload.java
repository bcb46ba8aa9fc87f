package io.ossync.status;

import io.ossync.checkpoint.Checkpoint;
import io.ossync.checkpoint.Lookup;
import io.ossync.checkpoint.PartRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One checkpoint of the state database as status shows it: an upload making progress, or a corrupt row. */
public sealed interface InFlightUpload {

    long checkpointId();

    /** The checkpoint as status shows it. */
    static InFlightUpload of(Lookup lookup) {
        if (lookup instanceof Lookup.Found found) {
            return Progress.of(found);
        }
        if (lookup instanceof Lookup.Corrupt corrupt) {
            return new Corrupt(corrupt.checkpointId(), corrupt.localPath(), corrupt.bucket(), corrupt.key(),
                    corrupt.reason());
        }
        throw new IllegalArgumentException("not a checkpoint: " + lookup);
    }

    /**
     * A multipart upload and how far it got. Parts count once their row is committed, so
     * {@code bytesDone} is what a resume would not send again.
     *
     * @param uploadId   empty while Initiate was asked for and not yet answered
     * @param bytesDone  the sum of the sizes of the parts recorded
     * @param bytesTotal the size of the file when its upload started
     * @param partsTotal ceil(bytesTotal / partSize): the part size is frozen in the checkpoint
     */
    record Progress(long checkpointId, Path file, String bucket, String key, Optional<String> uploadId,
                    long partSize, long bytesDone, long bytesTotal, int partsDone, long partsTotal,
                    Instant startedAt, int restarts) implements InFlightUpload {

        public Progress {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(uploadId, "uploadId");
            Objects.requireNonNull(startedAt, "startedAt");
            if (partSize <= 0) {
                throw new IllegalArgumentException("part size must be positive: " + partSize);
            }
        }

        static Progress of(Lookup.Found found) {
            Checkpoint c = found.checkpoint();
            long size = c.identity().size();
            long bytesDone = found.parts().stream().mapToLong(PartRecord::size).sum();
            long partsTotal = size / c.partSize() + (size % c.partSize() == 0 ? 0 : 1);
            return new Progress(c.id(), c.file(), c.bucket(), c.key(), Optional.ofNullable(c.uploadId()),
                    c.partSize(), bytesDone, size, found.parts().size(), partsTotal, c.createdAt(), c.restarts());
        }

        /**
         * Bytes done as a percentage of the file, rounded down to 0.1 so that an unfinished
         * upload never reads 100.0; 0 for an empty file.
         */
        public double percent() {
            if (bytesTotal == 0) {
                return 0;
            }
            // in whole long arithmetic: 48.8 TB x 1000 still fits, and no binary fraction rounds up
            return (bytesDone * 1000 / bytesTotal) / 10.0;
        }
    }

    /**
     * A checkpoint row (or one of its part rows) that fails its checksum or holds impossible
     * values; the daemon aborts its upload and starts the file over. The text fields are as
     * stored, hence untrusted; any may be null.
     */
    record Corrupt(long checkpointId, String file, String bucket, String key, String problem)
            implements InFlightUpload {
    }
}
