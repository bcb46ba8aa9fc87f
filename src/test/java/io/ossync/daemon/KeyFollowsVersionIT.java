package io.ossync.daemon;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static io.ossync.emulator.EmulatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code {date}} prefix follows the file's mtime: a version of another day is a new object, named
 * from the version verified. The object of the old key stays unless the watch mirrors deletes, and
 * then goes only once the new one is verified.
 */
class KeyFollowsVersionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant DAY_1 = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-01-02T12:00:00Z");
    private static final String OLD_KEY = "dated/2026-01-01/a.log";
    private static final String NEW_KEY = "dated/2026-01-02/a.log";

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @Test
    void withMirrorDeletesTheOldKeysObjectIsDeletedOnceTheNewOneIsVerified() throws Exception {
        daemon.config().withWatch("mirror-deletes", "true");
        Path file = uploadedThenTouchedToTheNextDay();
        daemon.awaitLog("object deleted: key changed with the file", WAIT);

        assertThat(daemon.remote().exists(BUCKET, OLD_KEY)).isFalse();
        assertThat(daemon.logLines()).contains("INFO object deleted: key changed with the file path=" + file
                + " old_key=" + OLD_KEY + " key=" + NEW_KEY);
    }

    @Test
    void withoutMirrorDeletesBothObjectsStay() throws Exception {
        Path file = uploadedThenTouchedToTheNextDay();
        daemon.awaitLog("object kept: key changed with the file", WAIT);

        assertThat(daemon.remote().sha256(BUCKET, OLD_KEY)).isEqualTo(TestFiles.sha256(file));
        assertThat(daemon.logLines()).contains("INFO object kept: key changed with the file path=" + file
                + " old_key=" + OLD_KEY + " key=" + NEW_KEY);
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("object deleted"));
    }

    /** A file of day 1 uploaded, then its mtime moved to day 2: the new object is verified at day 2's key. */
    private Path uploadedThenTouchedToTheNextDay() throws Exception {
        daemon.config().withWatch("prefix", "\"dated/{date:yyyy-MM-dd}/\"");
        Path file = daemon.inbox().resolve("a.log");
        TestFiles.random(file, 20_000, 1);
        Files.setLastModifiedTime(file, FileTime.from(DAY_1));
        daemon.start();
        daemon.awaitObject(OLD_KEY, TestFiles.sha256(file), WAIT);
        Files.setLastModifiedTime(file, FileTime.from(DAY_2));
        daemon.awaitObject(NEW_KEY, TestFiles.sha256(file), WAIT);
        assertThat(daemon.remote().userMetadata(BUCKET, NEW_KEY))
                .containsEntry("mtime", Long.toString(DAY_2.getEpochSecond()));
        return file;
    }
}
