package io.ossync.state;

import io.ossync.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state lock against other processes (child JVMs): held, released, killed. */
class StateLockIT {

    @TempDir
    Path dir;

    @Test
    void heldByAnotherProcessGivesAClearMessageAndIsFreeOnceItEnds() throws Exception {
        Path db = dir.resolve("state.db");
        try (ChildJvm child = ChildJvm.start(LockHolderMain.class, db.toString())) {
            child.awaitLine("locked");
            assertThatThrownBy(() -> StateLock.acquire(db))
                    .isInstanceOf(StateDatabaseException.class)
                    .hasMessage("another ossync is using state database " + db + " (process " + child.pid()
                            + " holds " + db + ".lock)");
            assertThat(child.finish(Duration.ofSeconds(20))).isZero();
        }
        try (StateLock lock = StateLock.acquire(db)) {
            assertThat(lock.lockFile()).exists();
        }
    }

    @Test
    void aKilledHolderLeavesNoStaleLock() throws Exception {
        Path db = dir.resolve("state.db");
        try (ChildJvm child = ChildJvm.start(LockHolderMain.class, db.toString())) {
            child.awaitLine("locked");
            child.kill();
        }
        StateLock.acquire(db).close();
    }

    @Test
    void aSecondAttemptInThisProcessIsRefusedWithoutDroppingTheOsLock() throws Exception {
        Path db = dir.resolve("state.db");
        try (StateLock held = StateLock.acquire(db)) {
            assertThatThrownBy(() -> StateLock.acquire(dir.resolve("./state.db")))
                    .isInstanceOf(StateDatabaseException.class)
                    .hasMessageStartingWith("another ossync is using state database " + db
                            + " (this process already holds");
            // Unix drops a process's lock when any descriptor of the file closes: another process
            // must still find it held.
            try (ChildJvm child = ChildJvm.start(LockHolderMain.class, db.toString())) {
                assertThat(child.awaitLine("refused")).contains("process " + ProcessHandle.current().pid());
            }
        }
    }
}
