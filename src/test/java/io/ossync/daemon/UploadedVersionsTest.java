package io.ossync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ossync.config.AfterUpload;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The compact versions against a real ledger: loaded a page at a time, kept in step, shared by threads. */
class UploadedVersionsTest {

    private static final Path ROOT = Path.of("/data/in");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T22:00:00Z"));
    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = new Ledger(state.database(), clock);
    }

    private static FileIdentity version(int i) {
        return new FileIdentity(i, 1_765_000_000_000_000_000L + i, "(dev=803,ino=" + i + ")");
    }

    private static Path file(int i) {
        return ROOT.resolve("d" + (i % 7)).resolve("f" + i + ".txt");
    }

    private void record(int from, int to, Path under) {
        state.database().runInTransaction(c -> {
            for (int i = from; i < to; i++) {
                ledger.record(c, under.resolve("f" + i), "bucket", "k/" + i, version(i), i);
            }
        });
    }

    private void recordFiles(int n) {
        state.database().runInTransaction(c -> {
            for (int i = 0; i < n; i++) {
                ledger.record(c, file(i), "bucket", "k/" + i, version(i), i);
            }
        });
    }

    private static WatchBinding watch(Path root) {
        return WatchBinding.of(new WatchConfig(root, KeyTemplate.parse("in/", "web-1"), PathFilter.everything(),
                Duration.ofSeconds(2), AfterUpload.KEEP, true, false, StorageClass.STANDARD, ServerSideEncryption.NONE,
                DeleteLimit.parse("3")));
    }

    @Test
    void loadsEveryVersionOfTheWatchedFoldersAcrossPages() {
        int n = UploadedVersions.LOAD_PAGE + 17;
        recordFiles(n);
        record(0, 3, Path.of("/data/other"));   // not watched

        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));

        assertThat(versions.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(versions.holds(file(i), version(i))).as("file %d", i).isTrue();
        }
        assertThat(versions.holds(file(5), version(6))).as("another version").isFalse();
        assertThat(versions.holds(Path.of("/data/other/f1"), version(1))).as("not watched").isFalse();
        assertThat(versions.holds(ROOT.resolve("never.txt"), version(1))).isFalse();
    }

    @Test
    void followsUploadsAndForgottenFiles() {
        recordFiles(3);
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));

        versions.uploaded(file(1), version(100));
        versions.forget(file(2));
        versions.uploaded(ROOT.resolve("new.txt"), version(7));

        assertThat(versions.holds(file(1), version(1))).as("replaced version").isFalse();
        assertThat(versions.holds(file(1), version(100))).isTrue();
        assertThat(versions.holds(file(2), version(2))).as("forgotten").isFalse();
        assertThat(versions.holds(ROOT.resolve("new.txt"), version(7))).isTrue();
        assertThat(versions.holds(ROOT.resolve("./d1/../new.txt").normalize(), version(7))).isTrue();
        assertThat(versions.size()).isEqualTo(3);
    }

    @Test
    void aFileIsSurelyNewOnlyWhenNeitherItsPathNorItsFileKeyWasRecorded() {
        recordFiles(3);
        record(10, 11, Path.of("/data/other"));   // not watched: its file key is not loaded
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));
        Path fresh = ROOT.resolve("fresh.txt");

        assertThat(versions.surelyNew(fresh, version(50))).isTrue();
        assertThat(versions.surelyNew(file(1), version(50))).as("path in the ledger").isFalse();
        assertThat(versions.surelyNew(fresh, version(2))).as("file key in the ledger: a rename's source").isFalse();
        assertThat(versions.surelyNew(fresh, new FileIdentity(5, 6, null))).as("no file key: no proof").isFalse();
        assertThat(versions.surelyNew(fresh, version(10))).as("rows of unwatched folders are not known").isTrue();

        versions.uploaded(ROOT.resolve("later.txt"), version(60));
        assertThat(versions.surelyNew(ROOT.resolve("later.txt"), version(61))).isFalse();
        assertThat(versions.surelyNew(fresh, version(60))).as("its file key").isFalse();

        // A forgotten path is new again; the file keys stay known (a key too many costs a ledger read).
        versions.forget(file(1));
        assertThat(versions.surelyNew(file(1), version(70))).isTrue();
        assertThat(versions.surelyNew(ROOT.resolve("elsewhere.txt"), version(1))).isFalse();
    }

    @Test
    void aFileMarkedBeforeItsRecordCommitsIsNoLongerNewButNotYetHeld() {
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));
        Path fresh = ROOT.resolve("fresh.txt");

        versions.recording(fresh, version(5));

        assertThat(versions.surelyNew(fresh, version(6))).as("its path").isFalse();
        assertThat(versions.surelyNew(ROOT.resolve("renamed.txt"), version(5))).as("its file key").isFalse();
        assertThat(versions.holds(fresh, version(5))).as("not held before the commit").isFalse();

        versions.uploaded(fresh, version(5));
        assertThat(versions.holds(fresh, version(5))).isTrue();

        // Marking a path that holds a version leaves that version until the new one is uploaded.
        versions.recording(fresh, version(8));
        assertThat(versions.holds(fresh, version(5))).isTrue();
        assertThat(versions.holds(fresh, version(8))).isFalse();
    }

    @Test
    void listsTheLedgerFilesUnderAFolderInPathOrderAPageAtATime() {
        int n = UploadedVersions.PAGE + 3;
        record(0, n, ROOT.resolve("a"));
        record(0, 2, Path.of("/data/in-other"));   // a sibling whose name extends the root's
        record(0, 2, Path.of("/data"));            // beside the root
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));

        List<Path> seen = new ArrayList<>();
        versions.forEachUnder(ROOT, p -> seen.add(Path.of(p)));

        assertThat(seen).hasSize(n).isSorted().allMatch(p -> p.startsWith(ROOT.resolve("a")));
        assertThat(seen).doesNotHaveDuplicates();
    }

    @Test
    void scansAndWorkersMayUseItAtOnce() throws Exception {
        UploadedVersions versions = UploadedVersions.load(ledger, List.of(watch(ROOT)));
        int writers = 3;
        int perWriter = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean wrong = new AtomicBoolean();
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w * perWriter;
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < first + perWriter; i++) {
                        versions.uploaded(file(i), version(i));
                        if (i % 2 == 0) {
                            versions.forget(file(i));
                        }
                    }
                    return null;
                }));
            }
            tasks.add(pool.submit(() -> {
                start.await();
                // A reader during the writes sees each file either not yet known or at its version.
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < writers * perWriter; i++) {
                        if (versions.holds(file(i), version(i + 1))) {
                            wrong.set(true);
                        }
                    }
                }
                return null;
            }));
            start.countDown();
            for (Future<?> t : tasks) {
                t.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wrong).isFalse();
        assertThat(versions.size()).isEqualTo(writers * perWriter / 2);
        for (int i = 0; i < writers * perWriter; i++) {
            assertThat(versions.holds(file(i), version(i))).as("file %d", i).isEqualTo(i % 2 == 1);
        }
    }
}
