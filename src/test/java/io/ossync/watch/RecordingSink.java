package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sink that records what it is given, and knows what it was given (as the daemon's state
 * database would), so that rescans do not hand over unchanged files again.
 */
final class RecordingSink implements FileSink, KnownFiles, RenameSource {

    record Release(String rootId, String relative, FileIdentity snapshot, Instant at) {
    }

    record Gone(String rootId, String relative) {
    }

    private final Clock clock;
    private final List<Release> releases = new ArrayList<>();
    private final List<Gone> gone = new ArrayList<>();
    private final List<ScanReport> reports = new ArrayList<>();
    private final Map<String, FileIdentity> held = new HashMap<>();
    /** Every version handed over, kept when its path goes (as a ledger row outlives its file). */
    private final Map<String, FileIdentity> handedOver = new HashMap<>();
    private final List<String> modeChanges = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    /** Release times from the system clock. */
    RecordingSink() {
        this(Clock.systemUTC());
    }

    /** Release times from {@code clock} (a test clock, with a manual scheduler). */
    RecordingSink(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void filesReady(List<ReadyFile> files) {
        synchronized (this) {
            batches.add(files.size());
        }
        FileSink.super.filesReady(files);
    }

    /** The size of each {@link #filesReady} call, in order. */
    synchronized List<Integer> batches() {
        return List.copyOf(batches);
    }

    /** Every ready and gone call, in the order received: "ready:REL", "gone:REL". */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized void fileReady(WatchRoot root, Path relative, FileIdentity snapshot) {
        threads.add(Thread.currentThread().getName());
        releases.add(new Release(root.id(), slashes(relative), snapshot, clock.instant()));
        calls.add("ready:" + slashes(relative));
        held.put(root.id() + ":" + slashes(relative), snapshot);
        handedOver.put(root.id() + ":" + slashes(relative), snapshot);
    }

    @Override
    public synchronized void pathGone(WatchRoot root, Path relative) {
        threads.add(Thread.currentThread().getName());
        gone.add(new Gone(root.id(), slashes(relative)));
        calls.add("gone:" + slashes(relative));
        String prefix = root.id() + ":" + slashes(relative);
        held.keySet().removeIf(key -> key.equals(prefix) || key.startsWith(prefix + "/"));
    }

    @Override
    public synchronized void scanCompleted(ScanReport report) {
        threads.add(Thread.currentThread().getName());
        reports.add(report);
    }

    @Override
    public synchronized void rootModeChanged(WatchRoot root, RootMode mode, String reason) {
        modeChanges.add(root.id() + "=" + mode);
    }

    @Override
    public synchronized boolean isKnown(WatchRoot root, Path relative, FileIdentity snapshot) {
        return snapshot.equals(held.get(root.id() + ":" + slashes(relative)));
    }

    /** Like the ledger: this version was handed over under another path of the root. */
    @Override
    public synchronized boolean isRenamed(WatchRoot root, Path relative, FileIdentity snapshot) {
        String self = root.id() + ":" + slashes(relative);
        return handedOver.entrySet().stream().anyMatch(e -> !e.getKey().equals(self)
                && e.getKey().startsWith(root.id() + ":") && e.getValue().equals(snapshot));
    }

    synchronized List<Release> releases() {
        return List.copyOf(releases);
    }

    synchronized List<String> releasedPaths(String rootId) {
        return releases.stream().filter(r -> r.rootId().equals(rootId)).map(Release::relative).toList();
    }

    /** How many times each path of the root was released. */
    synchronized Map<String, Long> releaseCounts(String rootId) {
        return releases.stream().filter(r -> r.rootId().equals(rootId))
                .collect(Collectors.groupingBy(Release::relative, Collectors.counting()));
    }

    synchronized List<Gone> gone() {
        return List.copyOf(gone);
    }

    synchronized List<ScanReport> reports(String rootId) {
        return reports.stream().filter(r -> r.root().id().equals(rootId)).toList();
    }

    synchronized List<String> modeChanges() {
        return List.copyOf(modeChanges);
    }

    synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    synchronized int callCount() {
        return releases.size() + gone.size() + reports.size();
    }

    static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
