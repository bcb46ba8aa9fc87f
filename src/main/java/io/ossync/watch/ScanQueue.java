package io.ossync.watch;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs full scans one at a time on the scan thread and coalesces requests: a root asked for while
 * a scan of it is already waiting is scanned once (with the latest location of the root). A request
 * made while the root is being scanned queues one more scan, since the running walk may already
 * have passed the change that prompted it. Found files go to the gate (a scan waits while the gate
 * is full), then the report. The periodic rescan is paced by the CPU time of the last walk
 * ({@link RescanPacing}).
 */
final class ScanQueue {

    private static final Logger log = LoggerFactory.getLogger(ScanQueue.class);

    private final FolderScanner scanner;
    private final QuietPeriodGate gate;
    private final ExecutorService scanThread;
    private final Map<String, Request> waiting = new LinkedHashMap<>();
    private final RescanPacing pacing = new RescanPacing();
    private final boolean paced;
    private volatile boolean closed;

    private record Request(ActiveRoot root, ScanReason reason) {
    }

    /** @param paced whether periodic rescans are paced by the last walk's CPU time ({@link RescanPacing}) */
    ScanQueue(FolderScanner scanner, QuietPeriodGate gate, ExecutorService scanThread, boolean paced) {
        this.paced = paced;
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.scanThread = Objects.requireNonNull(scanThread, "scanThread");
    }

    /** Asks for a scan of the root; returns false when one was already waiting. */
    boolean request(ActiveRoot root, ScanReason reason) {
        if (paced && reason == ScanReason.RESCAN_INTERVAL && !pacing.rescanDue(root.id(), System.nanoTime())) {
            log.debug("periodic rescan put off: the last walk's CPU time paced it root={} in_ms={}", root.id(),
                    (pacing.nextRescanNanos(root.id()) - System.nanoTime()) / 1_000_000);
            return false;
        }
        synchronized (waiting) {
            boolean fresh = waiting.put(root.id(), new Request(root, reason)) == null;
            if (!fresh) {
                return false;
            }
        }
        try {
            scanThread.execute(new GuardedTask("scan-" + root.id(), () -> runWaiting(root.id())));
        } catch (RejectedExecutionException e) {
            log.debug("intake closing, scan not started root={}", root.id());
        }
        return true;
    }

    /** Stops a running walk at its next entry; later requests are ignored. */
    void close() {
        closed = true;
    }

    private void runWaiting(String rootId) {
        Request request;
        synchronized (waiting) {
            request = waiting.remove(rootId);
        }
        if (request == null || closed) {
            return;
        }
        ActiveRoot root = request.root();
        long cpuBefore = RescanPacing.threadCpuNanos();
        try {
            Optional<ScanReport> report = scanner.scan(root, (file, snapshot) -> {
                gate.awaitRoomForScan(() -> closed);
                gate.seen(file, snapshot);
            }, () -> closed);
            report.ifPresent(r -> {
                String message = "scan done root={} reason={} files={} offered={} unreadable={} millis={}";
                Object[] values = {root.id(), request.reason(), r.filesSeen(), r.filesOffered(),
                        r.unreadable().size(), r.duration().toMillis()};
                if (request.reason().routine()) {
                    log.debug(message, values);
                } else {
                    log.info(message, values);
                }
                long walkCpu = RescanPacing.threadCpuNanos() - cpuBefore;
                pacing.walked(root.id(), System.nanoTime(), walkCpu);
                gate.scanned(r, sinkCpu -> pacing.walked(root.id(), System.nanoTime(), walkCpu + sinkCpu));
            });
        } catch (IOException e) {
            // The root went away or is unreadable: no report, so no deletion is inferred. The root
            // check notices a missing root.
            log.warn("scan failed root={} reason={} error={}", root.id(), request.reason(), e.toString());
        }
    }
}
