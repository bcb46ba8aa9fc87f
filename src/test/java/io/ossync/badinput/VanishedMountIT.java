package io.ossync.badinput;

import io.ossync.cli.Main;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ossync.state.SqliteFiles.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario of issue 11: the watched folder moved away and an empty folder put in its place
 * (what an unmounted file system leaves). Before, a scan queued a DELETE for every file, which
 * forgot the ledger (so every file was uploaded again when the folder came back) and, with
 * mirror-deletes, deleted the objects. Now the deletions are held, visibly, and lift when the files
 * return: nothing deleted, nothing uploaded again; or when the operator confirms them.
 */
class VanishedMountIT {

    private static final int FILES = 14;
    private static final List<OssOperation> WRITES = List.of(OssOperation.PUT_OBJECT,
            OssOperation.INITIATE_MULTIPART_UPLOAD, OssOperation.COMPLETE_MULTIPART_UPLOAD, OssOperation.DELETE_OBJECT);

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @TempDir
    Path away;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "mirror-deletes: {0}")
    @ValueSource(booleans = {false, true})
    void aRootReplacedByAnEmptyFolderDeletesNothingAndItsReturnUploadsNothing(boolean mirrorDeletes) throws Exception {
        Path inbox = daemon.inbox();
        Map<String, String> digests = startAndUpload(mirrorDeletes);
        Map<OssOperation, Long> writesBefore = writes();

        // The mount goes: the folder moves away, an empty one takes its path.
        Path real = Files.move(inbox, away.resolve("real"));
        Files.createDirectory(inbox);
        awaitScans("files=0", 2);

        String warn = "deletions held: root replaced or mostly gone root=" + inbox + " missing=" + FILES + " of "
                + FILES + " reason=\"root replaced (device or inode changed: ";
        assertThat(daemon.logLines()).filteredOn(l -> l.contains(warn)).hasSize(1).allMatch(l -> l.startsWith("WARN"));
        assertThat(daemon.log()).doesNotContain("files deleted while unwatched");
        assertThat(ledgerRows()).as("no ledger row forgotten").isEqualTo(FILES);
        assertThat(queryLong(daemon.stateDb(), "SELECT count(*) FROM jobs WHERE kind = 'DELETE'")).isZero();
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile())).contains("deletions held: 1 (until the files "
                + "return, or: ossync confirm-deletes)").contains(FILES + " of " + FILES + "  root replaced");
        HttpResponse<String> held = health();
        assertThat(held.statusCode()).isEqualTo(503);
        assertThat(held.body()).contains("deletions held for " + inbox + ": root replaced (device or inode changed");

        // The mount comes back.
        Files.delete(inbox);
        Files.move(real, inbox);
        daemon.awaitLog("deletions no longer held root=" + inbox + " missing=0 reason=files returned",
                Duration.ofSeconds(30));
        awaitScans("files=" + FILES, 2);

        assertThat(writes()).as("nothing uploaded again, nothing deleted").isEqualTo(writesBefore);
        assertThat(ledgerRows()).isEqualTo(FILES);
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(BadNamesAndFoldersIT.status(daemon.configFile())).doesNotContain("deletions held");
        RemoteObjects remote = daemon.remote();
        for (Map.Entry<String, String> object : digests.entrySet()) {
            assertThat(remote.sha256(EmulatorExtension.BUCKET, object.getKey())).as(object.getKey())
                    .isEqualTo(object.getValue());
        }
    }

    @Test
    void confirmedDeletionsProceedAtTheNextScan() throws Exception {
        Path inbox = daemon.inbox();
        Map<String, String> digests = startAndUpload(true);
        Files.move(inbox, away.resolve("gone"));   // a move: no deletion events for the files
        Files.createDirectory(inbox);
        awaitScans("files=0", 1);
        daemon.awaitLog("deletions held: root replaced or mostly gone root=" + inbox, Duration.ofSeconds(10));
        assertThat(ledgerRows()).isEqualTo(FILES);

        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("confirm-deletes", "--config", daemon.configFile().toString())).isZero();
        assertThat(out.toString()).isEqualTo("deletions confirmed for " + inbox + ": they proceed at its next scan"
                + System.lineSeparator());

        daemon.awaitLog("deletions no longer held root=" + inbox + " missing=" + FILES + " reason=confirmed",
                Duration.ofSeconds(30));
        RemoteObjects remote = daemon.remote();
        Awaitility.await("every object deleted (mirror-deletes)").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> digests.keySet().stream().noneMatch(k -> remote.exists(EmulatorExtension.BUCKET, k)));
        Awaitility.await("the ledger emptied").atMost(Duration.ofSeconds(10)).until(() -> ledgerRows() == 0);
        assertThat(health().statusCode()).isEqualTo(200);
    }

    /** Starts the daemon (rescans every second, /health on) and waits until {@link #FILES} files are uploaded. */
    private Map<String, String> startAndUpload(boolean mirrorDeletes) throws Exception {
        daemon.config().withWatch("mirror-deletes", Boolean.toString(mirrorDeletes)).withWatch("quiet-period", "200ms")
                .set("rescan-interval", "1s").set("metrics", "{ listen: \"127.0.0.1:0\" }");
        daemon.start();
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            Path file = TestFiles.random(Files.createDirectories(daemon.inbox().resolve("d" + i % 3))
                    .resolve(i + ".bin"), 1000 + i, i);
            digests.put("in/d" + i % 3 + "/" + i + ".bin", TestFiles.sha256(file));
        }
        for (Map.Entry<String, String> object : digests.entrySet()) {
            daemon.awaitObject(object.getKey(), object.getValue(), Duration.ofSeconds(30));
        }
        Awaitility.await("the ledger holds every file").atMost(Duration.ofSeconds(10))
                .until(() -> ledgerRows() == FILES);
        awaitScans("files=" + FILES, 1);
        assertThat(health().statusCode()).isEqualTo(200);
        return digests;
    }

    private long ledgerRows() throws Exception {
        return queryLong(daemon.stateDb(), "SELECT count(*) FROM ledger");
    }

    private Map<OssOperation, Long> writes() {
        Map<OssOperation, Long> counts = new EnumMap<>(OssOperation.class);
        WRITES.forEach(op -> counts.put(op, emulator.emulator().counters().requests(op)));
        return counts;
    }

    /** Waits until {@code more} further scans of the inbox report {@code files}. */
    private void awaitScans(String files, int more) throws IOException {
        String line = "scan completed root=" + daemon.inbox() + " " + files + " ";
        long before = scans(line);
        Awaitility.await(more + " scans with " + files).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> scans(line) >= before + more);
    }

    private long scans(String line) throws IOException {
        return daemon.logLines().stream().filter(l -> l.contains(line)).count();
    }

    private HttpResponse<String> health() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + daemon.daemon().metricsPort().getAsInt() + "/health");
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
