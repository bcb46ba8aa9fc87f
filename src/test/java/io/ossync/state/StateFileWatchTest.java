package io.ossync.state;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watch on real files in a temp folder: deleted, replaced, untouched. */
class StateFileWatchTest {

    @TempDir
    Path dir;

    private final List<StateFileWatch.Loss> reported = new CopyOnWriteArrayList<>();

    private StateFileWatch watch(OpenedFile... files) {
        return new StateFileWatch(List.of(files), reported::add);
    }

    private OpenedFile file(String name) throws Exception {
        return OpenedFile.of("state database", Files.writeString(dir.resolve(name), "ours"));
    }

    @Test
    void untouchedFilesAreNoProblem() throws Exception {
        OpenedFile db = file("state.db");
        StateFileWatch watch = watch(db, file("state.db.lock"));
        Files.writeString(db.path(), "written to, still the same file");

        assertThat(watch.check()).isEmpty();
        assertThat(watch.problem()).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void aDeletedFileIsReportedOnceAndStaysLostWhenTheNameComesBack() throws Exception {
        OpenedFile db = file("state.db");
        StateFileWatch watch = watch(db);
        Files.delete(db.path());

        assertThat(watch.check()).hasValueSatisfying(loss -> assertThat(loss.reason()).isEqualTo("was deleted"));
        assertThat(watch.problem()).contains("state database " + db.path() + " was deleted under the running daemon");
        Files.writeString(db.path(), "a new file at the old name");
        assertThat(watch.check()).as("a file at the name again is not the one opened").isPresent();
        assertThat(reported).hasSize(1);
    }

    @Test
    void aFileReplacedByAnotherAtTheSamePathIsReportedAsReplaced() throws Exception {
        OpenedFile db = file("state.db");
        StateFileWatch watch = watch(file("other"), db);
        Path impostor = Files.writeString(dir.resolve("impostor"), "not ours");
        Files.move(impostor, db.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(watch.check()).hasValueSatisfying(loss -> {
            assertThat(loss.file()).isEqualTo(db);
            assertThat(loss.reason()).startsWith("was replaced by another file (file key ")
                    .contains("opened as " + db.fileKey());
        });
        assertThat(reported).extracting(StateFileWatch.Loss::file).containsExactly(db);
    }

    @Test
    void aDeletedLockFileIsSeenByTheScheduledCheck() {
        try (StateLock lock = StateLock.acquire(dir.resolve("state.db"));
             StateFileWatch watch = watch(lock.locked()).start(Duration.ofMillis(20))) {
            assertThat(reported).isEmpty();
            lock.lockFile().toFile().delete();

            Awaitility.await("loss reported").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !reported.isEmpty());
            assertThat(reported.get(0).describe())
                    .isEqualTo("lock file " + lock.lockFile() + " was deleted under the running daemon");
        }
    }

    @Test
    void aDatabaseToldOfTheLossRefusesWrites() throws Exception {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            StateFileWatch watch = new StateFileWatch(List.of(db.opened()), loss -> db.refuseWrites(loss.describe()));
            Files.delete(db.file());
            assertThat(watch.check()).isPresent();

            assertThatThrownBy(() -> db.runInTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA user_version = 1");
                }
            })).isInstanceOf(StateDatabaseException.class)
                    .hasMessage("state database " + db.file() + " takes no more writes: state database "
                            + db.file() + " was deleted under the running daemon");
        }
    }
}
