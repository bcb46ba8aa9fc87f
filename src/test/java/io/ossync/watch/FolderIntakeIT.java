package io.ossync.watch;

import static io.ossync.watch.TestFiles.deleteTree;
import static io.ossync.watch.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ossync.watch.RecordingSink.Gone;
import io.ossync.watch.RecordingSink.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake end to end on real folders, with real inotify events and real timing (generous
 * bounds: these must pass on a loaded two-core machine). The quiet-period logic itself is tested
 * with time in the test's hands in {@link FolderIntakeTest} and {@link QuietPeriodGateTest}.
 */
class FolderIntakeIT {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final IntakeSettings SETTINGS =
            new IntakeSettings(Duration.ofHours(1), Duration.ofMillis(300), Duration.ofMillis(200));

    @TempDir
    Path tmp;

    private final RecordingSink sink = new RecordingSink();
    private final List<FolderIntake> intakes = new ArrayList<>();

    @AfterEach
    void closeIntakes() {
        intakes.forEach(FolderIntake::close);
    }

    @Test
    void nestedFoldersCreatedWithFilesAlreadyInsideAreAllReportedOnce() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        startAndAwaitScan(WatchRoot.of("r", root, QUIET));

        // Moved in whole: the files exist before any watch on their folders can.
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String relative = "moved/l1/l2-" + i + "/file-" + i + ".txt";
            write(staging.resolve(relative), "moved " + i);
            expected.add(relative);
        }
        Files.move(staging.resolve("moved"), root.resolve("moved"));
        // Created in place, racing the registration of each new folder.
        for (int i = 0; i < 5; i++) {
            String relative = "made/a/b/c" + i + "/f" + i + ".txt";
            write(root.resolve(relative), "made " + i);
            expected.add(relative);
        }

        eventually().untilAsserted(() ->
                assertThat(sink.releasedPaths("r")).containsExactlyInAnyOrderElementsOf(expected));
        settle();
        assertThat(sink.releasedPaths("r")).hasSize(expected.size());
        assertThat(sink.threads()).allSatisfy(name -> assertThat(name).startsWith("ossync-sink-"));
    }

    @Test
    void aBurstOfTwoThousandSmallFilesIsReleasedEachExactlyOnce() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        startAndAwaitScan(WatchRoot.of("r", root, QUIET));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String relative = "batch-" + (i % 10) + "/file-" + i + ".dat";
            write(root.resolve(relative), "payload " + i);
            expected.add(relative);
        }

        eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(sink.releasedPaths("r")).hasSameSizeAs(expected));
        settle();
        assertThat(sink.releasedPaths("r")).containsExactlyInAnyOrderElementsOf(expected);
        for (Release release : sink.releases()) {
            int i = Integer.parseInt(release.relative().replaceAll(".*file-(\\d+)\\.dat", "$1"));
            assertThat(release.snapshot().size()).isEqualTo(("payload " + i).length());
        }
    }

    @Test
    void aDeletedFileOrFolderIsReportedGone() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("doomed.txt"), "x");
        write(root.resolve("dir/inner.txt"), "y");
        write(root.resolve("kept.txt"), "z");
        startAndAwaitScan(WatchRoot.of("r", root, QUIET));
        eventually().until(() -> sink.releasedPaths("r").size() == 3);

        Files.delete(root.resolve("doomed.txt"));
        deleteTree(root.resolve("dir"));

        eventually().untilAsserted(() -> assertThat(sink.gone())
                .contains(new Gone("r", "doomed.txt"), new Gone("r", "dir/inner.txt"))
                .doesNotContain(new Gone("r", "kept.txt")));
    }

    @Test
    void aFileReplacedByARenameIsReleasedAgainAndNotReportedGone() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("target.txt"), "old");
        startAndAwaitScan(WatchRoot.of("r", root, QUIET));
        eventually().until(() -> sink.releasedPaths("r").size() == 1);

        write(root.resolve("incoming.tmp"), "new content");
        // rename(2) as rsync and editors do it. (Files.move with REPLACE_EXISTING alone unlinks the
        // target first: then the file really is gone for a moment and may be reported so.)
        Files.move(root.resolve("incoming.tmp"), root.resolve("target.txt"), StandardCopyOption.ATOMIC_MOVE);

        eventually().untilAsserted(() -> assertThat(sink.releases()).last()
                .satisfies(r -> assertThat(r.snapshot().size()).isEqualTo(11)));
        settle();
        assertThat(sink.gone()).doesNotContain(new Gone("r", "target.txt"));
        assertThat(sink.releasedPaths("r")).containsExactly("target.txt", "target.txt");
    }

    @Test
    void anOverflowRescansThatRootAndFindsWhatNoEventReported() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside.resolve("data"), "v1");
        FolderIntake intake = start(WatchRoot.of("r", root, QUIET), WatchRoot.of("o", other, QUIET));
        eventually().until(() -> sink.reports("r").size() == 1 && sink.reports("o").size() == 1);

        // A hard link: writes through the outside name notify the outside folder only.
        Files.createLink(root.resolve("linked.txt"), outside.resolve("data"));
        eventually().until(() -> sink.releasedPaths("r").size() == 1);
        Files.writeString(outside.resolve("data"), "v2, longer", StandardOpenOption.APPEND);
        settle();
        assertThat(sink.releasedPaths("r")).as("no event reached the watched folder").hasSize(1);

        intake.simulateOverflow("r");

        eventually().untilAsserted(() -> assertThat(sink.releases()).last()
                .satisfies(r -> assertThat(r.snapshot().size()).isEqualTo("v1v2, longer".length())));
        assertThat(sink.reports("r")).hasSize(2);
        assertThat(sink.reports("o")).hasSize(1);
    }

    @Test
    void aRootDeletedAndRecreatedIsWatchedAgain() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("first.txt"), "1");
        FolderIntake intake = start(WatchRoot.of("r", root, QUIET));
        eventually().until(() -> sink.releasedPaths("r").contains("first.txt"));

        deleteTree(root);
        eventually().until(() -> intake.modes().get("r") == RootMode.MISSING);
        int scansBefore = sink.reports("r").size();
        Files.createDirectories(root);
        write(root.resolve("second.txt"), "2");

        eventually().until(() -> sink.releasedPaths("r").contains("second.txt"));
        eventually().until(() -> intake.modes().get("r") == RootMode.WATCHED && sink.reports("r").size() > scansBefore);
        write(root.resolve("third.txt"), "3");
        eventually().until(() -> sink.releasedPaths("r").contains("third.txt"));
        assertThat(sink.modeChanges()).containsSubsequence("r=WATCHED", "r=MISSING", "r=WATCHED");
    }

    @Test
    void aRootReplacedFasterThanTheRootCheckIsWatchedAgain() throws Exception {
        // rmdir + mkdir: on ext4 the new folder usually gets the old inode, so only the parent watch
        // can tell that the root needs a new watch. (With a second root the watcher run goes on.)
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        FolderIntake intake = start(WatchRoot.of("r", root, QUIET), WatchRoot.of("o", other, QUIET));
        eventually().until(() -> sink.reports("r").size() == 1);

        Files.delete(root);
        Files.createDirectory(root);
        eventually().until(() -> sink.reports("r").size() >= 2 && intake.modes().get("r") == RootMode.WATCHED);
        settle();
        write(root.resolve("after.txt"), "new root, new watch");

        eventually().until(() -> sink.releasedPaths("r").contains("after.txt"));
    }

    @Test
    void aRootMissingAtStartIsWatchedOnceItAppears() throws Exception {
        Path root = tmp.resolve("later");
        Path present = Files.createDirectories(tmp.resolve("present"));
        FolderIntake intake = start(WatchRoot.of("later", root, QUIET), WatchRoot.of("present", present, QUIET));
        eventually().until(() -> intake.modes().get("later") == RootMode.MISSING
                && intake.modes().get("present") == RootMode.WATCHED);
        write(present.resolve("p.txt"), "p");
        eventually().until(() -> sink.releasedPaths("present").contains("p.txt"));

        write(root.resolve("l.txt"), "l");

        eventually().until(() -> sink.releasedPaths("later").contains("l.txt"));
        assertThat(intake.modes()).containsEntry("later", RootMode.WATCHED);
    }

    @Test
    void excludedNamesAndFilteredPathsAreNeverReleased() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("early.tmp"), "scan must skip it");
        WatchRoot watched = new WatchRoot("r", root, QUIET, relative -> !relative.startsWith("private"), false);
        startAndAwaitScan(watched);

        for (String name : List.of("a.tmp", "b.PART", ".c.txt.swp", ".#d.txt", "e.txt~", "private/secret.txt", "ok.txt")) {
            write(root.resolve(name), "content of " + name);
        }

        eventually().until(() -> sink.releasedPaths("r").contains("ok.txt"));
        settle();
        assertThat(sink.releasedPaths("r")).containsExactly("ok.txt");
        FolderIntake intake = intakes.get(0);
        intake.requestRescan("r");
        eventually().until(() -> sink.reports("r").size() == 2);
        TestFiles.assertPresentExactly(sink.reports("r").get(1).present(), "ok.txt");
    }

    @Test
    void linksOutOfTheRootAreNotFollowedByDefault() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside.resolve("o.txt"), "outside");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("dir-link"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("o.txt"));
        startAndAwaitScan(WatchRoot.of("r", root, QUIET));

        Files.createSymbolicLink(root.resolve("late-link"), outside.resolve("o.txt"));
        write(root.resolve("in.txt"), "inside");

        eventually().until(() -> sink.releasedPaths("r").contains("in.txt"));
        settle();
        assertThat(sink.releasedPaths("r")).containsExactly("in.txt");
        assertThat(sink.reports("r").get(0).present().isEmpty()).isTrue();
    }

    @Test
    void linksAreFollowedWhenTheRootSaysSoAndALoopEndsTheWalk() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside.resolve("o.txt"), "outside");
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("in.txt"), "inside");
        Files.createSymbolicLink(root.resolve("dir-link"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("o.txt"));
        Files.createSymbolicLink(root.resolve("loop"), root);

        start(new WatchRoot("r", root, QUIET, relative -> true, true));

        eventually().untilAsserted(() -> assertThat(sink.releasedPaths("r"))
                .containsExactlyInAnyOrder("in.txt", "dir-link/o.txt", "file-link"));
        assertThat(sink.reports("r").get(0).present().size()).isEqualTo(3);
    }

    @Test
    void aRootConfiguredThroughALinkIsFollowedToItsFolder() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        write(real.resolve("before.txt"), "b");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        startAndAwaitScan(WatchRoot.of("r", link, QUIET));

        write(real.resolve("sub/after.txt"), "a");

        eventually().untilAsserted(() ->
                assertThat(sink.releasedPaths("r")).containsExactlyInAnyOrder("before.txt", "sub/after.txt"));
    }

    @Test
    void closeStopsSinkCallsAndThreads() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Path root = Files.createDirectories(tmp.resolve("root"));
        FolderIntake intake = startAndAwaitScan(WatchRoot.of("r", root, Duration.ofSeconds(5)));
        assertThat(intakeThreadsStartedSince(before)).extracting(Thread::getName)
                .anyMatch(name -> name.startsWith("ossync-watch-")).anyMatch(name -> name.startsWith("ossync-sink-"));
        for (int i = 0; i < 50; i++) {
            write(root.resolve("pending-" + i + ".txt"), "p");
        }
        eventually().until(() -> intake.pendingFiles() == 50);

        intake.close();
        int callsAtClose = sink.callCount();
        Thread.sleep(1500);

        assertThat(sink.callCount()).isEqualTo(callsAtClose);
        assertThat(sink.releases()).isEmpty();
        eventually().untilAsserted(() -> assertThat(intakeThreadsStartedSince(before)).isEmpty());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private FolderIntake start(WatchRoot... roots) {
        FolderIntake intake = new FolderIntake(List.of(roots), sink, sink, SETTINGS, Clock.systemUTC());
        intakes.add(intake);
        intake.start();
        return intake;
    }

    private FolderIntake startAndAwaitScan(WatchRoot root) {
        FolderIntake intake = start(root);
        eventually().until(() -> sink.reports(root.id()).size() == 1);
        return intake;
    }

    private static List<Thread> intakeThreadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ossync-") && !before.contains(t))
                .toList();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /** Gives duplicates or late events time to show up. */
    private static void settle() throws InterruptedException {
        Thread.sleep(QUIET.toMillis() * 4);
    }


}
