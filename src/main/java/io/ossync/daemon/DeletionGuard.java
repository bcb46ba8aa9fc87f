package io.ossync.daemon;

import io.ossync.config.DeleteLimit;
import io.ossync.roots.DeletionDecision;
import io.ossync.roots.RootRecord;
import io.ossync.roots.RootRecords;
import io.ossync.watch.ScanReport;
import io.ossync.watch.WatchRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Holds back deletions on evidence that could be a vanished mount (invariant 10): the gatekeeper
 * between "a file is gone" and a DELETE job, which forgets the ledger row and, with
 * mirror-deletes, deletes the object. Each complete scan asks {@link DeletionDecision}; a held
 * root keeps every file in the ledger, so files that come back unchanged are known and not
 * uploaded again, and the hold lifts by itself at the first scan that finds nothing gone. Watch
 * events under a held root, or under a root that is no longer the recorded directory, are held
 * too (the next scan decides for them).
 *
 * <p>The root's identity (file key) is recorded in the state database when first seen, so a
 * restart with the disk still unmounted is caught as well. Holds are persisted for
 * {@code ossync status}; {@code ossync confirm-deletes} is the operator's way to let them proceed.
 * Called from the intake's sink thread; the health check reads from the endpoint's thread.
 */
final class DeletionGuard {

    private static final Logger log = LoggerFactory.getLogger(DeletionGuard.class);

    private final RootRecords records;
    private final Clock clock;
    private final Map<Path, DeleteLimit> limits = new HashMap<>();
    private final Map<Path, String> keys = new ConcurrentHashMap<>();
    private final Map<Path, String> held = new ConcurrentHashMap<>();
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    DeletionGuard(RootRecords records, List<WatchBinding> watches, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (WatchBinding w : watches) {
            limits.put(w.folder(), w.config().maxDelete());
            records.get(w.folder()).ifPresent(r -> {
                if (r.fileKey() != null) {
                    keys.put(r.root(), r.fileKey());
                }
                r.hold().ifPresent(h -> held.put(r.root(), h.reason()));
            });
        }
    }

    /**
     * Whether the {@code missing} of {@code known} files that a complete scan found gone may be
     * deleted; records the root's identity, the hold or its end.
     */
    boolean scanMayDelete(ScanReport report, long known, long missing) {
        Path root = report.root().path();
        Optional<RootRecord> record = records.get(root);
        String knownKey = record.map(RootRecord::fileKey).orElse(null);
        boolean confirmed = record.map(RootRecord::confirmed).orElse(false);
        DeletionDecision decision = DeletionDecision.decide(knownKey, report.rootKey(), known, missing,
                limits.getOrDefault(root, DeleteLimit.DEFAULT), confirmed);
        if (decision.held()) {
            String reason = decision.hold().orElseThrow();
            if (record.isEmpty()) {
                records.accept(root, report.rootKey());
            }
            records.hold(root, new RootRecord.Hold(reason, missing, known, clock.instant()));
            held.put(root, reason);
            if (warned.add(root)) {
                log.warn("deletions held: root replaced or mostly gone root={} missing={} of {} reason=\"{}\" "
                        + "hint=\"they proceed when the files return, or after ossync confirm-deletes\"", root, missing,
                        known, reason);
            }
            return false;
        }
        if (held.remove(root) != null || record.map(r -> r.hold().isPresent()).orElse(false)) {
            log.info("deletions no longer held root={} missing={} reason={}", root, missing,
                    confirmed && missing > 0 ? "confirmed" : "files returned");
        }
        warned.remove(root);
        if (record.isEmpty() || confirmed || record.get().hold().isPresent()
                || !Objects.equals(knownKey, report.rootKey())) {
            if (knownKey != null && !Objects.equals(knownKey, report.rootKey())) {
                log.info("root identity updated root={} file_key={} previous={}", root, report.rootKey(), knownKey);
            }
            records.accept(root, report.rootKey());
        }
        if (report.rootKey() != null) {
            keys.put(root, report.rootKey());
        }
        return true;
    }

    /**
     * Whether a deletion seen as a watch event may proceed: not while the root's deletions are
     * held, nor when the folder at the root's path is not the recorded directory any more.
     */
    boolean eventMayDelete(WatchRoot root) {
        Path path = root.path();
        if (held.containsKey(path)) {
            log.debug("deletion event held root={}", path);
            return false;
        }
        String known = keys.get(path);
        return known == null || known.equals(currentKey(path));
    }

    /** For {@code /health}: every root whose deletions are held, with why. */
    Optional<String> problem() {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(held.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "deletions held for " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
    }

    private static String currentKey(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? null : key.toString();
        } catch (IOException e) {
            return "unreadable";   // a root that cannot be read is not the recorded one
        }
    }
}
