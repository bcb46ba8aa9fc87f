package io.ossync.watch;

import static io.ossync.watch.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ossync.testing.ManualScheduler;
import io.ossync.testing.MutableClock;
import io.ossync.watch.RecordingSink.Release;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake on real folders with the quiet period in the test's hands: the gate's checks and the
 * sink calls run on a {@link ManualScheduler} whose time is a {@link MutableClock}, so a file is
 * released when the test moves the clock past its quiet period, whatever the pace of the scan and
 * watcher threads. What those threads report is awaited; when the quiet period ends is not.
 * Real timing end to end is {@link FolderIntakeIT}.
 */
class FolderIntakeTest {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration TICK = Duration.ofMillis(1);
    private static final IntakeSettings SETTINGS =
            new IntakeSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ManualScheduler sinkThread = new ManualScheduler(clock);
    private final RecordingSink sink = new RecordingSink(clock);
    private final List<FolderIntake> intakes = new ArrayList<>();

    @AfterEach
    void closeIntakes() {
        intakes.forEach(FolderIntake::close);
    }

    @Test
    void filesPresentAtStartAreReleasedOnceTheirQuietPeriodEndsAndARescanFindsNothingNew() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("a.txt"), "alpha");
        write(root.resolve("sub/b.txt"), "bravo!");
        write(root.resolve("sub/deeper/c.txt"), "");
        FolderIntake intake = start(WatchRoot.of("r", root, QUIET));
        awaitSinkCalls(() -> sink.reports("r").size() == 1);
        ScanReport startScan = sink.reports("r").get(0);
        TestFiles.assertPresentExactly(startScan.present(), "a.txt", "sub/b.txt", "sub/deeper/c.txt");
        assertThat(startScan.filesOffered()).isEqualTo(3);
        assertThat(startScan.complete()).isTrue();
        assertThat(intake.pendingFiles()).isEqualTo(3);

        sinkThread.advance(QUIET.minus(TICK));
        assertThat(sink.releases()).as("released before the quiet period ended").isEmpty();
        sinkThread.advance(TICK);

        assertThat(sink.releasedPaths("r")).containsExactlyInAnyOrder("a.txt", "sub/b.txt", "sub/deeper/c.txt");
        assertThat(sink.batches()).containsExactly(3);
        assertThat(sizes("r")).containsEntry("a.txt", 5L).containsEntry("sub/b.txt", 6L).containsEntry("sub/deeper/c.txt", 0L);
        assertThat(intake.pendingFiles()).isZero();

        // A rescan finds nothing new: the sink knows these versions.
        intake.requestRescan("r");
        awaitSinkCalls(() -> sink.reports("r").size() == 2);
        assertThat(sink.reports("r").get(1).filesOffered()).isZero();
        sinkThread.advance(QUIET.multipliedBy(3));
        assertThat(sink.releaseCounts("r")).allSatisfy((path, count) -> assertThat(count).as(path).isEqualTo(1));
        assertThat(intake.modes()).containsEntry("r", RootMode.WATCHED);
    }

    @Test
    void aFileWrittenSlowlyIsReleasedOnceOnlyAfterItsLastWrite() throws Exception {
        Duration quiet = Duration.ofSeconds(1);
        Path root = Files.createDirectories(tmp.resolve("root"));
        FolderIntake intake = startAndAwaitScan(WatchRoot.of("r", root, quiet));

        Path file = root.resolve("slow.bin");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 5; i++) {
                if (i > 0) {
                    // Just inside the quiet period: whether the write's event has arrived yet or
                    // not, the check sees a change (an event, or a new size) and waits again.
                    sinkThread.advance(quiet.minus(TICK));
                }
                out.write(chunk);
                out.flush();
                if (i == 0) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> intake.pendingFiles() == 1);
                }
                assertThat(sink.releases()).as("released during write %d", i).isEmpty();
            }
        }
        Instant lastWrite = clock.instant();

        sinkThread.advance(quiet.multipliedBy(3));
        assertThat(sink.releases()).singleElement().satisfies(release -> {
            assertThat(release.relative()).isEqualTo("slow.bin");
            assertThat(release.snapshot().size()).isEqualTo(5L * chunk.length);
            assertThat(release.at()).isAfterOrEqualTo(lastWrite.plus(quiet));
        });
    }

    @Test
    void excludedNamesAndFilteredPathsFoundByAScanAreNeverReleased() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (String name : List.of("a.tmp", "b.PART", ".c.txt.swp", ".#d.txt", "e.txt~", "private/secret.txt", "ok.txt")) {
            write(root.resolve(name), "content of " + name);
        }
        WatchRoot watched = new WatchRoot("r", root, QUIET, relative -> !relative.startsWith("private"), false);

        FolderIntake intake = startAndAwaitScan(watched);
        assertThat(intake.pendingFiles()).isEqualTo(1);
        sinkThread.advance(QUIET);

        assertThat(sink.releasedPaths("r")).containsExactly("ok.txt");
        TestFiles.assertPresentExactly(sink.reports("r").get(0).present(), "ok.txt");
    }

    @Test
    void aRescanOfAnUnknownRootIsRefused() throws Exception {
        FolderIntake intake = start(WatchRoot.of("r", Files.createDirectories(tmp.resolve("root")), QUIET));

        assertThatThrownBy(() -> intake.requestRescan("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no watched folder has the id nope");
    }

    @Test
    void rootsAreValidated() {
        Path a = tmp.resolve("a");
        assertThatThrownBy(() -> new FolderIntake(List.of(), sink, sink, SETTINGS, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no folders to watch");
        assertThatThrownBy(() -> new FolderIntake(List.of(WatchRoot.of("x", a, QUIET), WatchRoot.of("x", tmp.resolve("b"), QUIET)),
                sink, sink, SETTINGS, Clock.systemUTC()))
                .hasMessage("two watched folders have the id x");
        assertThatThrownBy(() -> new FolderIntake(List.of(WatchRoot.of("outer", a, QUIET), WatchRoot.of("inner", a.resolve("b/c"), QUIET)),
                sink, sink, SETTINGS, Clock.systemUTC()))
                .hasMessage("watched folder inner (" + a.resolve("b/c") + ") is inside watched folder outer (" + a + ")");
        assertThatThrownBy(() -> new FolderIntake(List.of(WatchRoot.of("one", a, QUIET), WatchRoot.of("two", a.resolve("x/.."), QUIET)),
                sink, sink, SETTINGS, Clock.systemUTC()))
                .hasMessageContaining("are the same folder " + a);
        assertThatThrownBy(() -> WatchRoot.of("neg", a, Duration.ofSeconds(-1)))
                .hasMessage("quiet period of watch root neg must not be negative: PT-1S");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * logrotate's rename ({@code app.log -> app.log.1}, then a new {@code app.log}) seen by the real
     * watcher: the renamed file, whose version the sink already holds under the old name, is
     * released without waiting for its quiet period; the new file waits as usual.
     */
    @Test
    void aRotatedLogIsReleasedAtOnceUnderItsNewNameAndTheNewLogWaits() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("app.log"), "yesterday\n");
        FolderIntake intake = new FolderIntake(List.of(WatchRoot.of("r", root, QUIET)), sink, sink, sink, SETTINGS,
                clock, sinkThread);
        intakes.add(intake);
        intake.start();
        awaitSinkCalls(() -> sink.reports("r").size() == 1);
        sinkThread.advance(QUIET);
        assertThat(sink.releasedPaths("r")).containsExactly("app.log");

        Files.move(root.resolve("app.log"), root.resolve("app.log.1"));
        write(root.resolve("app.log"), "");
        awaitSinkCalls(() -> sink.releases().size() == 2);

        assertThat(sink.releases().get(1)).satisfies(r -> {
            assertThat(r.relative()).isEqualTo("app.log.1");
            assertThat(r.at()).as("the clock did not move: no quiet period").isEqualTo(clock.instant());
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> intake.pendingFiles() == 1);
        sinkThread.advance(QUIET);
        assertThat(sink.releasedPaths("r")).containsExactly("app.log", "app.log.1", "app.log");
    }

    private FolderIntake start(WatchRoot... roots) {
        FolderIntake intake = new FolderIntake(List.of(roots), sink, sink, SETTINGS, clock, sinkThread);
        intakes.add(intake);
        intake.start();
        return intake;
    }

    private FolderIntake startAndAwaitScan(WatchRoot root) {
        FolderIntake intake = start(root);
        awaitSinkCalls(() -> sink.reports(root.id()).size() == 1);
        return intake;
    }

    /**
     * Waits for the intake's threads to post sink calls that make {@code condition} true, running
     * what is due without moving the clock: no quiet period ends while waiting.
     */
    private void awaitSinkCalls(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
            sinkThread.runDue();
            return condition.getAsBoolean();
        });
    }

    private Map<String, Long> sizes(String rootId) {
        return sink.releases().stream().filter(r -> r.rootId().equals(rootId))
                .collect(Collectors.toMap(Release::relative, r -> r.snapshot().size(), (x, y) -> y));
    }
}
