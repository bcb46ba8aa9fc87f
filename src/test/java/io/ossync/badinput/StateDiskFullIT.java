package io.ossync.badinput;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The state database on a real full file system (an 8 MiB tmpfs filled up by the test; skipped
 * where mounting is not allowed): the daemon stays up, says why, answers 503 on /health, loses
 * no file, and carries on when space returns.
 */
class StateDiskFullIT {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @TempDir
    Path tmp;

    private Path mount;

    private static int exec(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            exec("umount", "-l", mount.toString());
        }
    }

    private static int health(int port, StringBuilder body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL()
                .openConnection();
        try {
            int code = c.getResponseCode();
            try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                body.setLength(0);
                body.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return code;
        } finally {
            c.disconnect();
        }
    }

    private static void fill(Path filler) {
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // No space left: what we wanted.
        }
    }

    @Test
    void aFullDiskUnderTheStateDatabaseKeepsTheDaemonUpSaysWhyAndRecovers() throws Exception {
        Path fs = Files.createDirectories(tmp.resolve("statefs"));
        // Larger than SQLite's WAL before its automatic checkpoint (1000 pages, about 4 MiB): once
        // space returns, the WAL must be able to reach a checkpoint without filling the disk again.
        assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", fs.toString()) == 0,
                "cannot mount a tmpfs here (not root, or a sandbox)");
        mount = fs;
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path db = fs.resolve("state.db");
        // 2 routines and a 200 ms quiet period keep the writes of the full spell few.
        daemon.config().onlyWatch(inbox, "in/").withWatch("quiet-period", "200ms").upload("1MiB", 2, 2)
                .set("state", db.toString()).set("metrics", "{ listen: \"127.0.0.1:0\" }");
        daemon.start();
        Path first = TestFiles.random(inbox.resolve("first.bin"), 5000, 1);
        daemon.awaitObject("in/first.bin", TestFiles.sha256(first), Duration.ofSeconds(30));
        int port = daemon.logLines().stream().map(Pattern.compile("metrics listening on http://[^:]+:(\\d+)/")::matcher)
                .filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
        StringBuilder body = new StringBuilder();
        assertThat(health(port, body)).as("health before: %s", body).isEqualTo(200);

        Path filler = fs.resolve("filler");
        fill(filler);
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            Path f = TestFiles.random(inbox.resolve("during-" + i + ".bin"), 3000 + i, 10 + i);
            expected.put("in/during-" + i + ".bin", TestFiles.sha256(f));
        }
        Awaitility.await("health 503").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(port, body) == 503);
        assertThat(body.toString()).contains("state database not writable");
        daemon.awaitLog("SQLITE_FULL", Duration.ofSeconds(20));
        assertThat(daemon.logLines()).anyMatch(l -> l.startsWith("WARN") && l.contains("sink did not take file")
                && l.contains("SQLITE_FULL"));

        Files.delete(filler);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            daemon.awaitObject(e.getKey(), e.getValue(), Duration.ofSeconds(60));
        }
        Awaitility.await("health 200").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(port, body) == 200);
        Path after = TestFiles.random(inbox.resolve("after.bin"), 4000, 99);
        daemon.awaitObject("in/after.bin", TestFiles.sha256(after), Duration.ofSeconds(30));
        daemon.terminate();   // before the tmpfs is unmounted

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
