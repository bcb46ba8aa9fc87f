package io.ossync.checkpoint;

import io.ossync.files.FileIdentity;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's set of files that may have a checkpoint: a file outside it is answered without a
 * query (the single PutObject of a small file), and the set follows the table.
 */
class CheckpointedPathsTest {

    private static final Path FILE = Path.of("/data/in/big.bin");
    private static final FileIdentity VERSION = new FileIdentity(1_000_000, 1_765_000_000_000_000_000L, "(dev=1,ino=7)");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void aFileWithoutACheckpointIsNotLookedUpAndOneWithACheckpointIs() {
        CheckpointStore store = new CheckpointStore(state.database(), clock);
        assertThat(store.mayHaveCheckpoint(FILE)).isFalse();
        assertThat(store.find(FILE, "b")).isEmpty();

        Checkpoint cp = store.beginIntent(FILE, "b", "k", 100 * 1024, VERSION);
        assertThat(store.mayHaveCheckpoint(FILE)).isTrue();
        assertThat(store.find(FILE, "b")).singleElement().isInstanceOf(Lookup.Found.class);
        assertThat(store.find(FILE, "b", "k")).isInstanceOf(Lookup.Found.class);

        store.delete(cp.id());
        assertThat(store.find(FILE, "b")).isEmpty();
        assertThat(store.mayHaveCheckpoint(FILE)).as("pruned by the lookup that found none").isFalse();
    }

    @Test
    void aCheckpointInAnotherBucketKeepsTheFileInTheSet() {
        CheckpointStore store = new CheckpointStore(state.database(), clock);
        store.beginIntent(FILE, "other", "k", 100 * 1024, VERSION);

        assertThat(store.find(FILE, "b")).isEmpty();
        assertThat(store.mayHaveCheckpoint(FILE)).isTrue();
        assertThat(store.find(FILE, "other")).hasSize(1);
    }

    @Test
    void theSetIsLoadedFromTheTableAtStart() {
        new CheckpointStore(state.database(), clock).beginIntent(FILE, "b", "k", 100 * 1024, VERSION);

        CheckpointStore restarted = new CheckpointStore(state.reopen(), clock);

        assertThat(restarted.mayHaveCheckpoint(FILE)).isTrue();
        assertThat(restarted.mayHaveCheckpoint(Path.of("/data/in/small.bin"))).isFalse();
        assertThat(restarted.find(FILE, "b")).hasSize(1);
    }
}
