package io.ossync.watch;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input at scale (issue 14): inotify watches run out on a deep tree. The daemon ({@code ossync run}) runs in a
 * user namespace whose watch limit ({@code user.max_inotify_watches}) is {@value #WATCH_LIMIT}, as in
 * {@link WatchLimitIT}, and watches a small folder and a tree of {@value #CHAINS} chains of {@value #DEPTH} nested
 * folders plus one chain {@value #DEEPEST} folders deep (its keys stay under the 1,023 bytes OSS allows). It stays up, says why the tree is scanned instead of
 * watched, mirrors every file of the tree, and by scanning (every rescan-interval) still finds a file written
 * at the bottom of the deepest chain; the small folder keeps its watch.
 */
class DeepTreeWatchLimitIT {

    private static final int WATCH_LIMIT = 200;
    private static final int CHAINS = 30;
    private static final int DEPTH = 100;
    private static final int DEEPEST = 400;
    /** A file every this many folders down a chain. */
    private static final int FILE_EVERY = 10;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator).commandPrefix(List.of("unshare", "-Ur",
            "sh", "-c", "echo " + WATCH_LIMIT + " > /proc/sys/user/max_inotify_watches && exec \"$@\"", "ossync"));

    @Test
    void aDeepTreeBeyondTheWatchLimitIsScannedInsteadAndMirrored() throws Exception {
        assumeTrue(WatchLimitIT.userNamespacesWork(), "unshare -Ur is not available here");
        Path small = Files.createDirectories(daemon.dir().resolve("small"));
        Path deep = daemon.dir().resolve("deep");
        int files = 0;
        for (int c = 0; c < CHAINS; c++) {
            files += chain(deep.resolve("c" + c), DEPTH);
        }
        files += chain(deep.resolve("deepest"), DEEPEST);
        daemon.config().onlyWatch(small, "small/").watch(deep, "deep/").set("rescan-interval", "2s");
        daemon.start();

        daemon.awaitLog("root cannot be watched, scanning it every poll interval instead root=", Duration.ofSeconds(30));
        assertThat(daemon.log()).containsPattern("WARN .*root cannot be watched, scanning it every poll interval instead "
                + "root=\\S+ path=" + deep + " reason=\"?inotify watch limit reached");
        assertThat(daemon.log()).contains("root watched root=").contains("path=" + small);
        int expected = files;
        org.awaitility.Awaitility.await(expected + " objects").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> puts() >= expected);

        Path bottom = lastFolder(deep.resolve("deepest"), DEEPEST);
        Path late = Files.writeString(bottom.resolve("late.txt"), "written after the start");
        daemon.awaitObject("deep/" + deep.relativize(late), io.ossync.testing.TestFiles.sha256(late), Duration.ofSeconds(30));
        Path watched = Files.writeString(small.resolve("watched.txt"), "still watched");
        daemon.awaitObject("small/watched.txt", io.ossync.testing.TestFiles.sha256(watched), Duration.ofSeconds(30));
        assertThat(puts()).isEqualTo(files + 2);   // each file once
        assertThat(daemon.alive()).isTrue();
        assertThat(daemon.logLines()).noneMatch(l -> l.startsWith("ERROR"));
        assertThat(daemon.terminate()).isZero();
    }

    private long puts() {
        return emulator.emulator().counters().requests(OssOperation.PUT_OBJECT);
    }

    /** {@code depth} nested folders {@code n/n/...} under {@code top}, a small file every FILE_EVERY; returns the files. */
    private static int chain(Path top, int depth) throws IOException {
        Path bottom = lastFolder(top, depth);
        Files.createDirectories(bottom);
        int files = 0;
        Path dir = top;
        for (int level = 0; level < depth; level++, dir = dir.resolve("n")) {
            if (level % FILE_EVERY == 0) {
                Files.writeString(dir.resolve("f" + level + ".txt"), "level " + level);
                files++;
            }
        }
        return files;
    }

    private static Path lastFolder(Path top, int depth) {
        return top.resolve(String.join("/", java.util.Collections.nCopies(depth - 1, "n")));
    }
}
