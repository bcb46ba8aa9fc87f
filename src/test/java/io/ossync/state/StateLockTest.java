package io.ossync.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The state lock within this process; against other processes: {@link StateLockIT}. */
class StateLockTest {

    @TempDir
    Path dir;

    @Test
    void lockFileSitsNextToTheDatabaseAndNamesTheHolder() throws Exception {
        Path db = dir.resolve("sub/state.db");
        try (StateLock lock = StateLock.acquire(db)) {
            assertThat(lock.lockFile()).isEqualTo(dir.resolve("sub/state.db.lock"));
            assertThat(Files.readString(lock.lockFile()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void releasedOnCloseAndReusable() {
        Path db = dir.resolve("state.db");
        StateLock first = StateLock.acquire(db);
        first.close();
        first.close();
        try (StateLock again = StateLock.acquire(db)) {
            assertThat(again.databaseFile()).isEqualTo(db);
        }
    }
}
