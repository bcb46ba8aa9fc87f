package io.ossync.state;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepared statements kept across transactions for one connection: sqlite-jdbc compiles the SQL
 * anew on every {@code prepareStatement} (about 5 µs each, several per file in a burst), and the
 * tables' code prepares in try-with-resources blocks. {@link #view()} is the connection the work of
 * a transaction sees: its {@code prepareStatement(String)} hands out a cached statement, and that
 * statement's {@code close()} only gives it back (as HikariCP's proxies do).
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A statement given back is reset: its open result set is closed (an unfinished SELECT would
 *       otherwise keep a read snapshot open across transactions and hold back WAL checkpoints) and
 *       its parameters and batch are cleared. The next user finds it as a freshly prepared one.</li>
 *   <li>A statement is handed to one user at a time: preparing SQL whose cached statement is still
 *       in use (a query run while iterating the same query) gets a statement of its own, really
 *       closed on {@code close()}.</li>
 *   <li>At most {@code capacity} statements stay cached, the least recently used beyond that are
 *       closed; {@link #closeAll()} closes them all (before the connection closes or is replaced).</li>
 * </ul>
 * Not thread-safe: used under the {@link StateDatabase}'s lock, like the connection itself.
 */
final class StatementCache {

    private final Connection connection;
    private final int capacity;
    private final Map<String, Cached> cached;
    private final Connection view;

    StatementCache(Connection connection, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("statement cache capacity must be positive: " + capacity);
        }
        this.connection = connection;
        this.capacity = capacity;
        this.cached = new LinkedHashMap<>(capacity * 2, 0.75f, true);
        this.view = (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new ConnectionView());
    }

    /** The connection to hand to a transaction's work: statements prepared through it are cached. */
    Connection view() {
        return view;
    }

    /** How many statements are cached now (for tests). */
    int size() {
        return cached.size();
    }

    /** Closes every cached statement; the cache stays usable (statements are prepared again). */
    void closeAll() throws SQLException {
        SQLException first = null;
        for (Cached c : cached.values()) {
            try {
                c.statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        cached.clear();
        if (first != null) {
            throw first;
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Cached c = cached.get(sql);
        if (c == null) {
            c = new Cached(connection.prepareStatement(sql), true);
            cached.put(sql, c);
            evictBeyondCapacity();
        } else if (c.inUse) {
            // Nested use of the same SQL: a statement of its own, not cached.
            return new Cached(connection.prepareStatement(sql), false).proxy;
        }
        c.inUse = true;
        return c.proxy;
    }

    private void evictBeyondCapacity() throws SQLException {
        Iterator<Cached> it = cached.values().iterator();
        while (cached.size() > capacity && it.hasNext()) {
            Cached eldest = it.next();
            if (!eldest.inUse) {
                it.remove();
                eldest.statement.close();
            }
        }
    }

    /** The connection's proxy: {@code prepareStatement(String)} from the cache, the rest passed on. */
    private final class ConnectionView implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1
                    && args[0] instanceof String sql) {
                return prepare(sql);
            }
            if (method.getName().equals("close")) {
                throw new SQLException("the state database's connection is closed by StateDatabase, not by its users");
            }
            return invokeOn(connection, method, args);
        }
    }

    /** One statement and its proxy, which {@code close()} gives back instead of closing. */
    private final class Cached implements InvocationHandler {
        private final PreparedStatement statement;
        private final boolean keep;
        private final PreparedStatement proxy;
        private final List<ResultSet> results = new ArrayList<>(1);
        private boolean inUse;

        Cached(PreparedStatement statement, boolean keep) {
            this.statement = statement;
            this.keep = keep;
            this.inUse = true;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return invokeOn(statement, method, args);
            }
            switch (method.getName()) {
                case "close" -> {
                    giveBack();
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                case "getConnection" -> {
                    return view;
                }
                default -> {
                    if (!inUse) {
                        throw new SQLException("statement used after close: " + statement);
                    }
                    Object result = invokeOn(statement, method, args);
                    if (result instanceof ResultSet rs) {
                        results.add(rs);
                    }
                    return result;
                }
            }
        }

        private void giveBack() throws SQLException {
            if (!inUse) {
                return;
            }
            inUse = false;
            if (!keep) {
                statement.close();
                return;
            }
            try {
                for (ResultSet rs : results) {
                    rs.close();   // resets the SQLite statement: no read snapshot left open
                }
                statement.clearParameters();
                statement.clearBatch();
            } catch (SQLException e) {
                // A statement that cannot be reset is not reused.
                cached.values().remove(this);
                statement.close();
                throw e;
            } finally {
                results.clear();
            }
        }
    }

    private static Object invokeOn(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
