package io.ossync.state;

import java.nio.file.Path;
import java.sql.PreparedStatement;

/**
 * Child process for {@link StateDatabaseIT}: commits rows one transaction each, printing the
 * count after each commit, until it is killed.
 */
public final class CommitThenDieMain {

    public static void main(String[] args) {
        StateDatabase db = StateDatabase.open(Path.of(args[0]));
        db.runInTransaction(c -> c.createStatement().execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)"));
        for (int n = 1; ; n++) {
            int value = n;
            db.runInTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                    ps.setInt(1, value);
                    ps.executeUpdate();
                }
            });
            System.out.println("committed " + n);
            System.out.flush();
        }
    }
}
