package io.ossync.daemon;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.CountingProxy;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.StateRows;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ossync.emulator.EmulatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the daemon, again and again, while a burst of small files is recorded in
 * groups: the files whose objects were verified but whose group had not committed are RUNNING jobs
 * at the restart. Asserts exactly-once as the ledger and the server see it: every ledger row's
 * object exists and equals its file, no file's bytes were sent twice (per key, counted by a relay),
 * an object that was on the server unrecorded at a kill is never sent again, and every file ends up
 * uploaded.
 */
class BurstCrashIT {

    private static final int FILES = 800;
    private static final int FOLDERS = 20;
    private static final int KILLS = 5;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    @TempDir
    Path tmp;

    @Test
    void killsDuringGroupCommitsNeitherLoseNorRepeatAnUpload() throws Exception {
        CountingProxy relay = CountingProxy.start(emulator.endpoint());
        daemon.config().endpoint(relay.endpoint());
        Map<Path, String> keys = writeBurst(Files.createDirectories(tmp.resolve("staging/burst")));
        daemon.start();
        Files.move(tmp.resolve("staging/burst"), daemon.inbox().resolve("burst"));
        Map<Path, String> relocated = new LinkedHashMap<>();
        keys.forEach((staged, key) -> relocated.put(daemon.inbox().resolve("burst").resolve(
                tmp.resolve("staging/burst").relativize(staged)), key));

        Map<String, Long> sentBeforeRestart = new HashMap<>();
        int kills = 0;
        for (int k = 1; k <= KILLS; k++) {
            long target = (long) k * FILES / (KILLS + 2);
            Awaitility.await("PutObjects: " + target).atMost(WAIT).pollInterval(Duration.ofMillis(2))
                    .until(() -> puts() >= target);
            daemon.kill9();
            kills++;
            // What the server holds and the ledger does not: verified (or about to be) but not
            // recorded when the process died. None of these may be sent again.
            Thread.sleep(300);   // let the relay hand over what it had read of requests in flight
            Set<Path> recorded = new StateRows(daemon.stateDb()).ledgerPaths();
            for (Map.Entry<Path, String> e : relocated.entrySet()) {
                if (!recorded.contains(e.getKey()) && daemon.remote().exists(BUCKET, e.getValue())) {
                    sentBeforeRestart.putIfAbsent(e.getValue(), relay.bodyBytes(path(e.getValue())));
                }
            }
            daemon.start();
        }
        StateRows rows = new StateRows(daemon.stateDb());
        Awaitility.await("every file recorded").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> rows.count("ledger", "1 = 1") == FILES && rows.count("jobs", "1 = 1") == 0);

        assertThat(kills).isEqualTo(KILLS);
        assertThat(sentBeforeRestart).as("kills that found verified, unrecorded objects (the case under test)")
                .isNotEmpty();
        for (Map.Entry<Path, String> e : relocated.entrySet()) {
            String key = e.getValue();
            long size = Files.size(e.getKey());
            assertThat(rows.ledgerKey(e.getKey())).isEqualTo(key);
            assertThat(daemon.remote().sha256(BUCKET, key)).as(key).isEqualTo(TestFiles.sha256(e.getKey()));
            // One whole sending per file; a request cut by a kill may add less than one more.
            assertThat(relay.bodyBytes(path(key))).as("bytes sent for " + key).isLessThan(2 * size);
        }
        sentBeforeRestart.forEach((key, bytes) -> assertThat(relay.bodyBytes(path(key)))
                .as("an object on the server at a kill is not sent again: " + key).isEqualTo(bytes));
        assertThat(rows.setAside()).isZero();
        assertThat(rows.uploads()).isZero();
        relay.close();
    }

    private long puts() {
        return emulator.emulator().counters().requests(OssOperation.PUT_OBJECT);
    }

    private static String path(String key) {
        return "/" + BUCKET + "/" + key;
    }

    /** FILES small files of distinct sizes and bytes in FOLDERS folders; their object keys. */
    private static Map<Path, String> writeBurst(Path dir) throws Exception {
        Map<Path, String> keys = new LinkedHashMap<>();
        List<Path> folders = new ArrayList<>();
        for (int d = 0; d < FOLDERS; d++) {
            folders.add(Files.createDirectories(dir.resolve("d" + d)));
        }
        for (int i = 0; i < FILES; i++) {
            Path folder = folders.get(i % FOLDERS);
            Path f = TestFiles.random(folder.resolve("f" + i + ".bin"), 1024 + i % 97, i);
            keys.put(f, "in/burst/" + folder.getFileName() + "/" + f.getFileName());
        }
        return keys;
    }
}
