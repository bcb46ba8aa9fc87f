package io.ossync.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.cli.ExitCodes;
import io.ossync.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync status} beside a writer in another process (a child JVM), as beside a running daemon. */
class StatusCommandIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return StatusCommandTest.run(dir, out, err, args);
    }

    @Test
    void statusAnswersWhileADaemonLikeChildProcessHoldsTheLockAndAnOpenWriteTransaction() throws Exception {
        Path db = dir.resolve("state/state.db");
        Path watched = dir.resolve("in/a.bin");
        try (ChildJvm writer = ChildJvm.start(StateWriterMain.class, db.toString(), watched.toString())) {
            writer.awaitLine("holding");

            assertThat(run("status", "--state", db.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(out.toString().lines()).contains("ledger  0 files uploaded; no verified upload yet")
                    .anySatisfy(line -> assertThat(line).matches(StatusCommandTest.ONE_PENDING_JOB));

            assertThat(writer.finish(Duration.ofSeconds(30))).isZero();
            writer.awaitLine("committed");
        }
        out.getBuffer().setLength(0);
        assertThat(run("status", "--state", db.toString(), "--json")).isEqualTo(ExitCodes.OK);
        assertThat(new ObjectMapper().readTree(out.toString()).get("ledger").get("files").asLong()).isEqualTo(1);
    }

}
