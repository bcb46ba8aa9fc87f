package io.ossync.badinput;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.ChildJvm;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestConfig;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios of issue 11 about file names. With LANG unset (as systemd starts a unit without a
 * locale) the JVM decodes names as ASCII: one file named with other characters made both workers
 * pause forever and nothing else was uploaded. Under a UTF-8 locale, a name that is not valid UTF-8
 * was taken for a vanished file at every rescan. Now each such file is set aside once, visibly,
 * and the other files go. Both run the daemon and {@code status} in child JVMs: the locale is the
 * process's.
 */
class FileNameEncodingIT {

    private static final Set<String> LOCALE = Set.of("LANG", "LC_ALL", "LC_CTYPE", "LANGUAGE");
    /** The queue's DEBUG line: a rescan offered the set-aside file unchanged and nothing happened. */
    private static final String LEFT_WAITING = "set-aside jobs left waiting: file unchanged";

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    @TempDir
    Path tmp;

    /** The variables the daemon and status do not inherit: see {@link #locale}. */
    private Set<String> unset = Set.of();

    @Test
    void withoutALocaleANonAsciiNameIsSetAsideOnceAndTheOtherFilesAreUploaded() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        // The test's JVM decodes names as UTF-8 (checked, or the file would not get this name).
        assertThat(System.getProperty("sun.jnu.encoding")).isEqualTo("UTF-8");
        Path odd = TestFiles.random(inbox.resolve("ünï 文件.txt"), 3000, 1);
        Path ascii = TestFiles.random(inbox.resolve("ascii.txt"), 4000, 2);
        locale(null);
        String reason = "file name cannot be represented in this JVM's file-name encoding ANSI_X3.4-1968: "
                + "set LANG=C.UTF-8";
        startAndAwaitSetAside(inbox, ascii, reason);

        assertThat(daemon.logLines()).anyMatch(l -> l.contains("level=WARN") && l.contains(
                "file names are decoded as ANSI_X3.4-1968, not UTF-8: names with other characters cannot be uploaded")
                && l.contains("set LANG=C.UTF-8 (the systemd unit does)") && l.contains("lang=unset"));
        assertThat(lines("job set aside path=")).as("set aside once, not at every rescan").isEqualTo(1);
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("worker error, pausing"))
                .noneMatch(l -> l.contains("InvalidPathException"));
        assertThat(status()).contains("1 set aside").contains(reason).contains("0 pending");
        assertThat(daemon.remote().exists(EmulatorExtension.BUCKET, "in/" + odd.getFileName())).isFalse();
        assertThat(daemon.terminate()).isZero();

        // The locale fixed: the file is found under its real name and uploaded, the stale entry goes.
        locale("C.UTF-8");
        daemon.start();
        daemon.awaitObject("in/" + odd.getFileName(), TestFiles.sha256(odd), Duration.ofSeconds(30));
        assertThat(daemon.logLines()).anyMatch(l -> l.contains("set-aside jobs dropped: file names are decoded as "
                + "UTF-8 now") && l.contains("count=1")).noneMatch(l -> l.contains("file names are decoded as ANSI"));
        assertThat(status()).contains("0 set aside").doesNotContain(reason);
        assertThat(daemon.terminate()).isZero();
    }

    @Test
    void underUtf8ANameThatIsNotUtf8IsSetAsideOnceWithItsBytesNeverVanished() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        // Bytes FF FE are no UTF-8: only a shell can make the name; Java would encode U+FFFD instead.
        Process sh = new ProcessBuilder("/bin/sh", "-c", "touch \"$(printf '\\377\\376.txt')\"")
                .directory(inbox.toFile()).inheritIO().start();
        assertThat(sh.waitFor()).isZero();
        Path ascii = TestFiles.random(inbox.resolve("ascii.txt"), 4000, 2);
        locale("C.UTF-8");
        String reason = "file name is not valid UTF-8 (bytes %FF%FE.txt): it cannot be read through the JDK; "
                + "rename the file";
        startAndAwaitSetAside(inbox, ascii, reason);

        assertThat(lines("file set aside path=")).as("set aside once, not at every rescan").isEqualTo(1);
        assertThat(daemon.logLines()).noneMatch(l -> l.contains("vanished"))
                .noneMatch(l -> l.contains("file names are decoded as"));
        assertThat(status()).contains("1 set aside").contains(reason);
        assertThat(daemon.terminate()).isZero();
    }

    /**
     * The daemon's (and status's) locale: {@code LANG} as given, or unset with the other locale
     * variables when null; the emulator's keys, and DEBUG logs for the queue's line about rescans.
     */
    private void locale(String lang) {
        Map<String, String> env = new HashMap<>(TestConfig.EMULATOR_ENV);
        env.put("OSSYNC_LOG_LEVEL", "DEBUG");
        if (lang != null) {
            env.put("LANG", lang);
        }
        unset = lang == null ? LOCALE : Set.of("LC_ALL", "LC_CTYPE", "LANGUAGE");
        daemon.environment(env).withoutEnvironment(unset.toArray(String[]::new));
    }

    /** Starts on {@code inbox}: {@code ascii} is uploaded, the odd file set aside, and two rescans leave it so. */
    private void startAndAwaitSetAside(Path inbox, Path ascii, String reason) throws Exception {
        daemon.config().onlyWatch(inbox, "in/").withWatch("quiet-period", "200ms").set("rescan-interval", "1s");
        daemon.start();
        daemon.awaitObject("in/ascii.txt", TestFiles.sha256(ascii), Duration.ofSeconds(30));
        daemon.awaitLog(reason, Duration.ofSeconds(30));
        Awaitility.await("2 rescans offering the set-aside file unchanged").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> lines(LEFT_WAITING) >= 2);
    }

    private long lines(String fragment) throws IOException {
        return daemon.logLines().stream().filter(l -> l.contains(fragment)).count();
    }

    /** {@code ossync status} in a child JVM started with the daemon's locale. */
    private String status() throws Exception {
        Path out = tmp.resolve("status-" + System.nanoTime() + ".txt");
        try (ChildJvm child = ChildJvm.ossync(List.of(), List.of(), Map.of(), unset, out,
                "status", "--config", daemon.configFile().toString())) {
            int exit = child.await(Duration.ofSeconds(30));
            String text = Files.readString(out);
            assertThat(exit).as("status exit code; output: %s", text).isZero();
            return text;
        }
    }
}
