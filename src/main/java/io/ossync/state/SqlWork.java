package io.ossync.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on the state database's connection that returns a value. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
