package io.ossync.state;

import io.ossync.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The state database and a writer killed with {@code kill -9} (a child JVM). */
class StateDatabaseIT {

    @TempDir
    Path dir;

    @Test
    void everyCommitSurvivesKillMinus9OfTheWriter() throws Exception {
        Path file = dir.resolve("state.db");
        int seen;
        try (ChildJvm child = ChildJvm.start(CommitThenDieMain.class, file.toString())) {
            child.awaitLine("committed 200");
            child.kill();
            // Every line the child printed came after a commit returned; read them all.
            seen = 200;
            for (String line = child.readLine(); line != null; line = child.readLine()) {
                seen = Integer.parseInt(line.substring("committed ".length()));
            }
        }
        try (StateDatabase db = StateDatabase.open(file)) {
            long rows = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*), max(n) FROM t")) {
                    rs.next();
                    assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
                    return rs.getLong(1);
                }
            });
            assertThat(rows).isGreaterThanOrEqualTo(seen);
            System.out.printf("kill -9 after %d acknowledged commits: %d rows found%n", seen, rows);
        }
    }

}
