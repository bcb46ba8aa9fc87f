package io.ossync.watch;

import static io.ossync.watch.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeEvent.EventType;
import io.ossync.watch.RecordingSink.Gone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events as directory-watcher delivers them, checked against a real folder. */
class WatchEventRouterTest {

    @TempDir
    Path tmp;

    private final ScheduledExecutorService sinkThread = Executors.newSingleThreadScheduledExecutor();
    private final RecordingSink sink = new RecordingSink();
    private final List<ActiveRoot> overflows = new ArrayList<>();
    private Path base;
    private ActiveRoot root;
    private QuietPeriodGate gate;
    private WatchEventRouter router;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createDirectories(tmp.resolve("root"));
        root = RootProbe.probe(WatchRoot.of("r", base, Duration.ofHours(1))).active();
        gate = new QuietPeriodGate(sink, sink, Clock.systemUTC(), sinkThread);
        router = new WatchEventRouter(List.of(root), gate, overflows::add);
    }

    @AfterEach
    void stop() {
        sinkThread.shutdownNow();
    }

    @Test
    void aDeleteEventForAPathThatExistsAgainIsIgnored() throws Exception {
        write(base.resolve("back.txt"), "recreated before the event was handled");
        write(base.resolve("pending.txt"), "p");
        router.route(event(EventType.CREATE, "pending.txt", false));

        router.route(event(EventType.DELETE, "back.txt", false));
        router.route(event(EventType.DELETE, "really-gone.txt", false));

        await().atMost(Duration.ofSeconds(10)).until(() -> !sink.gone().isEmpty());
        Thread.sleep(200);
        assertThat(sink.gone()).containsExactly(new Gone("r", "really-gone.txt"));
        assertThat(gate.pending()).isEqualTo(1);
    }

    @Test
    void aDeletedDirectoryTakesItsPendingFilesWithIt() throws Exception {
        write(base.resolve("dir/a.txt"), "a");
        write(base.resolve("dir/sub/b.txt"), "b");
        write(base.resolve("dir0/c.txt"), "c");
        for (String file : List.of("dir/a.txt", "dir/sub/b.txt", "dir0/c.txt")) {
            router.route(event(EventType.CREATE, file, false));
        }
        assertThat(gate.pending()).isEqualTo(3);
        TestFiles.deleteTree(base.resolve("dir"));

        router.route(event(EventType.DELETE, "dir", true));

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.gone().size() == 1);
        assertThat(sink.gone()).containsExactly(new Gone("r", "dir"));
        assertThat(gate.pending()).isEqualTo(1);
    }

    @Test
    void onlyAdmittedRegularFilesBecomePending() throws Exception {
        write(base.resolve("ok.txt"), "ok");
        write(base.resolve("no.part"), "unfinished");
        Files.createDirectories(base.resolve("folder"));
        Files.createSymbolicLink(base.resolve("link"), base.resolve("ok.txt"));

        router.route(event(EventType.CREATE, "no.part", false));
        router.route(event(EventType.CREATE, "folder", true));
        router.route(event(EventType.MODIFY, "link", false));
        router.route(event(EventType.CREATE, "not-there.txt", false));
        assertThat(gate.pending()).isZero();

        router.route(event(EventType.CREATE, "ok.txt", false));
        router.route(event(EventType.MODIFY, "ok.txt", false));
        assertThat(gate.pending()).isEqualTo(1);
    }

    @Test
    void anOverflowAsksForARescanOfItsRoot() {
        router.route(new DirectoryChangeEvent(EventType.OVERFLOW, false, null, null, 1, base));
        router.route(new DirectoryChangeEvent(EventType.OVERFLOW, false, null, null, 1, tmp.resolve("elsewhere")));

        assertThat(overflows).containsExactly(root);
    }

    @Test
    void anEventTheLibraryFailedOnAsksForARescanOfEveryRoot() throws Exception {
        Path otherBase = Files.createDirectories(tmp.resolve("other"));
        ActiveRoot other = RootProbe.probe(WatchRoot.of("o", otherBase, Duration.ofHours(1))).active();
        WatchEventRouter twoRoots = new WatchEventRouter(List.of(root, other), gate, overflows::add);

        // What directory-watcher 0.19.1 hands the listener instead of an OVERFLOW event.
        twoRoots.eventLost(new NullPointerException());

        assertThat(overflows).containsExactlyInAnyOrder(root, other);
    }

    private DirectoryChangeEvent event(EventType type, String relative, boolean directory) {
        return new DirectoryChangeEvent(type, directory, base.resolve(relative), null, 1, base);
    }
}
