package io.ossync.upload;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.ChildJvm;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ossync upload} in a child JVM killed with {@code kill -9} mid-upload, then run again: the
 * second run resumes, and the server received at most the file plus the parts that were in flight.
 */
class UploadCrashIT {

    private static final long MIB = 1024 * 1024;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    @Test
    void killDashNineMidUploadThenTheSameCommandResumes() throws Exception {
        long size = 64 * MIB;
        int routines = 4;
        Path file = TestFiles.random(tmp.resolve("big.bin"), size, 64);
        Path db = tmp.resolve("state.db");
        Map<String, String> env = Map.of(
                "OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID,
                "OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET,
                "OSS_ENDPOINT", emulator.endpoint(),
                "OSS_REGION", "cn-hangzhou");
        String[] args = {"upload", file.toString(), "oss://test-bucket/backups/big.bin", "--part-size", "1MiB",
                "--routines", Integer.toString(routines), "--state", db.toString()};
        // Slow parts down so the kill lands mid-upload, not after it.
        emulator.emulator().faults().latency(OssOperation.UPLOAD_PART, Duration.ofMillis(120));

        ChildJvm first = ChildJvm.ossync(env, tmp.resolve("first.log"), args);
        long recorded = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (recorded < 20 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            recorded = partRows(db);
        }
        assertThat(first.isAlive()).as("first run still uploading when 20 parts are recorded; log:\n%s",
                Files.exists(tmp.resolve("first.log")) ? Files.readString(tmp.resolve("first.log")) : "").isTrue();
        first.kill();
        long recordedAtKill = partRows(db);
        assertThat(recordedAtKill).isBetween(20L, 63L);
        long bytesFirstRun = emulator.emulator().counters().bodyBytesReceived();

        emulator.emulator().faults().clear();
        ChildJvm second = ChildJvm.ossync(env, tmp.resolve("second.log"), args);
        int exit = second.await(Duration.ofSeconds(120));
        String log = Files.readString(tmp.resolve("second.log"));
        assertThat(exit).as(log).isZero();
        assertThat(log).contains("uploaded " + file).contains("resumed");

        long total = emulator.emulator().counters().bodyBytesReceived(OssOperation.UPLOAD_PART);
        System.out.printf("crash test: %d parts recorded at kill, %d bytes received in run 1, %d in all (file %d, bound %d)%n",
                recordedAtKill, bytesFirstRun, total, size, size + routines * MIB);
        assertThat(total).isLessThanOrEqualTo(size + routines * MIB);
        try (RemoteObjects remote = new RemoteObjects(emulator.endpoint(), "cn-hangzhou",
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET)) {
            assertThat(remote.sha256("test-bucket", "backups/big.bin")).isEqualTo(TestFiles.sha256(file));
            assertThat(remote.openUploads("test-bucket", "")).isEmpty();
        }
        assertThat(partRows(db)).isZero();
    }

    private static long partRows(Path db) throws SQLException {
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 2000");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'parts'")) {
                if (rs.getLong(1) == 0) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM parts")) {
                return rs.getLong(1);
            }
        }
    }
}
