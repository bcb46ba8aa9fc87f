package io.ossync.badinput;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.queue.JobQueue;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.ossync.state.SqliteFiles.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario of issue 11: a file set aside (here its key is over the OSS limit) was tried again
 * at every rescan, each time with a WARN and a new failure row. Now rescans offer it unchanged and
 * nothing happens; a change of the file brings it back for one more attempt.
 */
class SetAsideWaitsForChangeIT {

    private static final String LEFT_WAITING = "set-aside jobs left waiting: file unchanged count=1";

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @TempDir
    Path tmp;

    /** The queue's DEBUG line is the proof that a rescan's offer reached it and changed nothing. */
    private final Logger queueLog = (Logger) LoggerFactory.getLogger(JobQueue.class);
    private final Level queueLevel = queueLog.getLevel();

    @AfterEach
    void restoreLogLevel() {
        queueLog.setLevel(queueLevel);
    }

    private long lines(String fragment) throws Exception {
        return daemon.logLines().stream().filter(l -> l.contains(fragment)).count();
    }

    @Test
    void rescansLeaveASetAsideFileAloneUntilItChanges() throws Exception {
        queueLog.setLevel(Level.DEBUG);
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        String prefix = BadNamesAndFoldersIT.LONG_PREFIX;
        Path tooLong = BadNamesAndFoldersIT.fileWithATooLongKey(inbox);
        daemon.config().onlyWatch(inbox, prefix).withWatch("quiet-period", "200ms").set("rescan-interval", "1s");
        daemon.start();
        String setAside = "file set aside path=" + tooLong;
        daemon.awaitLog(setAside, Duration.ofSeconds(30));

        Awaitility.await("three rescans offering the unchanged file").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> lines(LEFT_WAITING) >= 3);

        assertThat(lines(setAside)).as("one WARN").isEqualTo(1);
        assertThat(daemon.logLines()).filteredOn(l -> l.contains(setAside)).allMatch(l -> l.startsWith("WARN"));
        assertThat(queryLong(daemon.stateDb(), "SELECT count(*) FROM failures")).isEqualTo(1);
        assertThat(queryLong(daemon.stateDb(), "SELECT count FROM failures")).isEqualTo(1);
        assertThat(queryLong(daemon.stateDb(), "SELECT attempts FROM jobs WHERE state = 'SET_ASIDE'")).isEqualTo(1);
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile(), "--json")).containsPattern("\"count\" ?: ?1\\b");

        // A new version: one more attempt (set aside again: the key is still too long), counted.
        TestFiles.append(tooLong, 100, 2);
        Awaitility.await("the changed file tried again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> lines(setAside) == 2);
        Awaitility.await("its failure counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> queryLong(daemon.stateDb(), "SELECT count FROM failures") == 2);
        assertThat(queryLong(daemon.stateDb(), "SELECT count(*) FROM failures")).isEqualTo(1);
        // The text status shortens long paths; the JSON keeps the whole one.
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile())).contains("x2").contains("/file.bin");
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile(), "--json")).contains(tooLong.toString())
                .containsPattern("\"count\" ?: ?2\\b");

        long waitingBefore = lines(LEFT_WAITING);
        Awaitility.await("rescans offering the new version").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> lines(LEFT_WAITING) >= waitingBefore + 2);
        assertThat(lines(setAside)).as("the new version too waits for a change").isEqualTo(2);
        assertThat(daemon.terminate()).isZero();
    }
}
