package io.ossync.state;

import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The prepared statements the state database keeps across transactions, on a real SQLite file. */
class StatementCacheTest {

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @Test
    void theSameSqlReusesOneStatementAcrossTransactions() {
        PreparedStatement first = state.database().read(c -> real(c, "SELECT count(*) FROM jobs"));
        PreparedStatement second = state.database().read(c -> real(c, "SELECT count(*) FROM jobs"));
        assertThat(second).isSameAs(first);
        assertThat(first.toString()).isNotEmpty();
    }

    @Test
    void aStatementComesBackWithoutItsParameters() {
        state.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setLong(1, 5);
                return single(ps);
            }
        });
        Object again = state.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                return single(ps);   // no parameter bound this time: NULL, not the 5 of the last user
            }
        });
        assertThat(again).isNull();
    }

    @Test
    void theSameSqlRunWhileItIsInUseGetsAStatementOfItsOwn() {
        createTable();
        List<Long> pairs = state.database().read(c -> {
            List<Long> seen = new ArrayList<>();
            try (PreparedStatement outer = c.prepareStatement("SELECT n FROM t WHERE n >= ? ORDER BY n")) {
                outer.setLong(1, 1);
                try (ResultSet rs = outer.executeQuery()) {
                    while (rs.next()) {
                        try (PreparedStatement inner = c.prepareStatement("SELECT n FROM t WHERE n >= ? ORDER BY n")) {
                            assertThat(inner.unwrap(PreparedStatement.class))
                                    .isNotSameAs(outer.unwrap(PreparedStatement.class));
                            inner.setLong(1, rs.getLong(1));
                            try (ResultSet in = inner.executeQuery()) {
                                in.next();
                                seen.add(rs.getLong(1) * 10 + in.getLong(1));
                            }
                        }
                    }
                }
            }
            return seen;
        });
        assertThat(pairs).containsExactly(11L, 22L, 33L);
    }

    /**
     * A SELECT left unfinished must not keep its read snapshot after the transaction: it would hold
     * back every WAL checkpoint (the WAL file would grow without end).
     */
    @Test
    void aHalfReadQueryDoesNotHoldASnapshotAfterItsTransaction() throws SQLException {
        createTable();
        state.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT n FROM t")) {
                ResultSet rs = ps.executeQuery();   // left open on purpose: the statement's close must end it
                return rs.next();
            }
        });
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + state.file())) {
            other.createStatement().execute("INSERT INTO t VALUES (4)");
            try (ResultSet rs = other.createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
            }
        }
    }

    @Test
    void keepsAtMostItsCapacityAndClosesTheEvicted() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.folder().resolve("plain.db"))) {
            StatementCache cache = new StatementCache(c, 2);
            PreparedStatement a = realAndGiveBack(cache.view(), "SELECT 1");
            realAndGiveBack(cache.view(), "SELECT 2");
            realAndGiveBack(cache.view(), "SELECT 1");   // used again: "SELECT 2" is now the eldest
            PreparedStatement third = realAndGiveBack(cache.view(), "SELECT 3");
            assertThat(cache.size()).isEqualTo(2);
            assertThat(a.isClosed()).isFalse();
            assertThat(realAndGiveBack(cache.view(), "SELECT 1")).isSameAs(a);
            cache.closeAll();
            assertThat(a.isClosed()).isTrue();
            assertThat(third.isClosed()).isTrue();
            assertThat(cache.size()).isZero();
        }
    }

    @Test
    void closingTheDatabaseClosesItsStatements() {
        PreparedStatement ps = state.database().read(c -> real(c, "SELECT 1"));
        state.reopen();
        assertThat(ps).satisfies(s -> assertThat(s.isClosed()).isTrue());
    }

    private void createTable() {
        state.database().runInTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE t (n INTEGER)");
                st.execute("INSERT INTO t VALUES (1), (2), (3)");
            }
        });
    }

    private static PreparedStatement real(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeQuery().close();
            return ps.unwrap(PreparedStatement.class);
        }
    }

    private static PreparedStatement realAndGiveBack(Connection c, String sql) throws SQLException {
        return real(c, sql);
    }

    private static Object single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
