package io.ossync.watch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the periodic rescan of a large tree to about 0.5% of a core. A walk costs about one stat
 * per file (a restart's walk of a million known files took 8.9 s on a loaded 2-vCPU VM), so a fixed
 * 5-minute interval would spend more on rescans than on everything else an idle daemon does. A routine rescan of a root is put off until
 * {@link #SHARE} times the CPU time of its last walk has passed since that walk ended: the
 * configured interval stays the minimum. A walk cheaper than {@link #FLOOR_NANOS} paces nothing:
 * a small tree is rescanned exactly as configured (a 1-second walk every 5 minutes is 0.3%).
 *
 * <p>Only the periodic rescan is paced: scans at start, after lost events, on request and the
 * polling of roots without watches run when asked. Watch events keep finding changes meanwhile;
 * the rescan only repairs what events missed. A walk's cost is its scan thread's CPU time plus the
 * sink's on its report (the daemon's deletion check reads the ledger's paths under the root).
 * Times are {@link System#nanoTime} values; thread-safe.
 */
final class RescanPacing {

    /**
     * A routine rescan waits this many times its last walk's CPU time after that walk ended: rescans
     * take at most 0.5% of a core, half the idle budget (the rest of an idle daemon measured 0.5%
     * at a million files).
     */
    static final int SHARE = 200;
    /** Walks that cost less CPU time than this (a tree of some 50,000 files) are not paced. */
    static final long FLOOR_NANOS = 1_000_000_000L;

    private record Walk(long endedNanos, long cpuNanos) {
    }

    private final Map<String, Walk> last = new ConcurrentHashMap<>();

    /** The calling thread's CPU time in ns; 0 where the JVM cannot tell (nothing is then paced). */
    static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? Math.max(0, threads.getCurrentThreadCpuTime()) : 0;
    }

    /** A walk of the root ended at {@code endedNanos}, having cost {@code cpuNanos} of CPU time. */
    void walked(String rootId, long endedNanos, long cpuNanos) {
        last.put(rootId, new Walk(endedNanos, Math.max(0, cpuNanos)));
    }

    /** Whether a routine rescan of the root may run at {@code nowNanos}. */
    boolean rescanDue(String rootId, long nowNanos) {
        Walk w = last.get(rootId);
        return w == null || w.cpuNanos() < FLOOR_NANOS || nowNanos - w.endedNanos() >= w.cpuNanos() * SHARE;
    }

    /** When (nanoTime) the next routine rescan of the root may run. */
    long nextRescanNanos(String rootId) {
        Walk w = last.get(rootId);
        return w == null || w.cpuNanos() < FLOOR_NANOS ? Long.MIN_VALUE : w.endedNanos() + w.cpuNanos() * SHARE;
    }
}
