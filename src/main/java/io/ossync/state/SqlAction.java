package io.ossync.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on the state database's connection that returns nothing. */
@FunctionalInterface
public interface SqlAction {
    void run(Connection connection) throws SQLException;
}
