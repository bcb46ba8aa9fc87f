package io.ossync.checkpoint;

import java.util.List;
import java.util.Optional;

/** What the store holds for one upload: a valid checkpoint, nothing, or a row that fails its checksum. */
public sealed interface Lookup {

    /** A checkpoint whose rows all passed their checksums; parts in part-number order. */
    record Found(Checkpoint checkpoint, List<PartRecord> parts) implements Lookup {
        public Found {
            parts = List.copyOf(parts);
        }
    }

    /** No checkpoint. */
    record Absent() implements Lookup {
    }

    /**
     * A checkpoint that must not be used: its row or one of its part rows does not match its
     * checksum or holds impossible values. The caller aborts the upload (when its id could be
     * read), deletes the checkpoint by {@code checkpointId} and starts over. The text fields are
     * as stored, hence untrusted; any may be null.
     */
    record Corrupt(long checkpointId, String localPath, String bucket, String key, Optional<String> uploadId,
                   String reason) implements Lookup {
    }
}
