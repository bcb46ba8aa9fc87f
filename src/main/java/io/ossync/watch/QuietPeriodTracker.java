package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision part of the quiet-period gate: which pending file may be released, and when to
 * look at it again. Pure: no I/O, no threads, no clock of its own; the caller passes the current
 * instant and what it observed. Not thread-safe: {@link QuietPeriodGate} guards it.
 *
 * <p>Rules. A file becomes pending when first observed; its quiet period starts then. It restarts
 * whenever the observed snapshot differs from the recorded one, or a watch event says the file was
 * written (a write within one tick of the file system's clock may leave size and mtime as they
 * were, so an event counts as a change by itself). A check releases the file when the snapshot
 * still equals the recorded one and the quiet period has passed; a file that is no longer a regular
 * file is dropped. If the clock went backwards, the quiet period restarts rather than stretching
 * by the size of the jump. Memory is one entry per pending file; released and dropped files are
 * forgotten.
 *
 * <p>Max delay. When the root has one, a file that keeps changing is released anyway once the max
 * delay has passed since the first change not yet released ({@link Verdict#FORCED_RELEASE}), with
 * the snapshot of that check. It stays pending, because it is still being written: its next change
 * starts the next max delay, and once it is quiet its last version is released as usual, or
 * nothing when nothing changed since the forced release ({@link Verdict#SETTLED}). Without a max delay
 * a file is only ever released once quiet, as if this paragraph did not exist.
 *
 * <p>Each entry has an id; a check names the id it was scheduled for, so a check left over from an
 * entry that was forgotten and recreated does nothing ({@link Verdict#STALE}). This keeps at most
 * one live check per pending file.
 */
final class QuietPeriodTracker {

    enum Verdict {
        /** Quiet for the whole period: hand {@link Decision#snapshot()} to the sink. */
        RELEASE,
        /**
         * Still changing when its max delay ran out: hand {@link Decision#snapshot()} to the sink,
         * and look again at {@link Decision#checkAt()} (the file stays pending).
         */
        FORCED_RELEASE,
        /** Quiet, unchanged since a forced release handed this version over: forgotten. */
        SETTLED,
        /** Look again at {@link Decision#checkAt()}. */
        WAIT,
        /** Gone or no longer a regular file: forgotten. */
        DROP,
        /** The check belongs to an entry that no longer exists: do nothing. */
        STALE
    }

    record Decision(Verdict verdict, Instant checkAt, FileIdentity snapshot) {

        static Decision release(FileIdentity snapshot) {
            return new Decision(Verdict.RELEASE, null, snapshot);
        }

        static Decision forcedRelease(FileIdentity snapshot, Instant checkAt) {
            return new Decision(Verdict.FORCED_RELEASE, checkAt, snapshot);
        }

        static Decision waitUntil(Instant checkAt) {
            return new Decision(Verdict.WAIT, checkAt, null);
        }

        static final Decision DROP = new Decision(Verdict.DROP, null, null);
        static final Decision STALE = new Decision(Verdict.STALE, null, null);
        static final Decision SETTLED = new Decision(Verdict.SETTLED, null, null);
    }

    /** A newly pending file: schedule one check of entry {@code entryId} at {@code checkAt}. */
    record NewEntry(long entryId, Instant checkAt) {
    }

    private static final class Entry {
        final long id;
        FileIdentity snapshot;
        Instant quietSince;
        /** The first change not yet released; null when a forced release took every change. */
        Instant unreleasedSince;
        /** What the last forced release handed over; null when there was none. */
        FileIdentity forced;

        Entry(long id, FileIdentity snapshot, Instant now) {
            this.id = id;
            this.snapshot = snapshot;
            this.quietSince = now;
            this.unreleasedSince = now;
        }

        void changed(FileIdentity current, Instant now) {
            snapshot = current;
            quietSince = now;
            if (unreleasedSince == null || now.isBefore(unreleasedSince)) {
                unreleasedSince = now;
            }
        }
    }

    private final Map<FileRef, Entry> pending = new HashMap<>();
    private long nextId = 1;

    /**
     * Records an observation of a regular file.
     *
     * @param changeSeen true when a watch event reported a write (restarts the quiet period even if
     *                   the snapshot looks the same); false for a scan that merely saw the file
     * @return the check to schedule when the file was not pending yet; empty when it was (its check
     *         is already scheduled and will reschedule itself as needed)
     */
    Optional<NewEntry> observe(FileRef file, FileIdentity snapshot, Instant now, boolean changeSeen) {
        Objects.requireNonNull(snapshot, "snapshot");
        Entry entry = pending.get(file);
        if (entry == null) {
            entry = new Entry(nextId++, snapshot, now);
            pending.put(file, entry);
            return Optional.of(new NewEntry(entry.id, earliest(now.plus(quietPeriod(file)), deadline(file, entry))));
        }
        if (changeSeen || !snapshot.equals(entry.snapshot)) {
            entry.changed(snapshot, now);
        }
        return Optional.empty();
    }

    /**
     * Decides about a pending file at its check time.
     *
     * @param current the snapshot just read, or null when the path is no longer a regular file
     */
    Decision check(FileRef file, long entryId, FileIdentity current, Instant now) {
        Entry entry = pending.get(file);
        if (entry == null || entry.id != entryId) {
            return Decision.STALE;
        }
        if (current == null) {
            pending.remove(file);
            return Decision.DROP;
        }
        boolean changed = !current.equals(entry.snapshot) || now.isBefore(entry.quietSince);
        if (changed) {
            entry.changed(current, now);
        }
        Instant due = entry.quietSince.plus(quietPeriod(file));
        Instant deadline = deadline(file, entry);
        if (!changed && !now.isBefore(due)) {
            pending.remove(file);
            // Any change seen since the forced release (even one that left size and mtime as they
            // were, or the sink refusing that release) is released again rather than trusted away.
            boolean settled = entry.unreleasedSince == null && current.equals(entry.forced);
            return settled ? Decision.SETTLED : Decision.release(current);
        }
        if (deadline != null && !now.isBefore(deadline)) {
            entry.forced = current;
            entry.unreleasedSince = null;
            return Decision.forcedRelease(current, due);
        }
        return Decision.waitUntil(earliest(due, deadline));
    }

    /**
     * Releases a pending file at once, quiet or not, when it is still at {@code known}: the caller
     * knows those bytes already (a file renamed from an uploaded one). A file observed at another
     * version meanwhile was written to: it waits for its quiet check ({@link Verdict#WAIT}, with
     * {@code quietCheckAt}), or its new version would be forgotten.
     */
    Decision releaseNow(FileRef file, long entryId, FileIdentity known, Instant quietCheckAt) {
        Entry entry = pending.get(file);
        if (entry == null || entry.id != entryId) {
            return Decision.STALE;
        }
        if (!known.equals(entry.snapshot)) {
            return Decision.waitUntil(quietCheckAt);
        }
        pending.remove(file);
        return Decision.release(known);
    }

    /**
     * Forgets a pending file, and with {@code subtree} everything under the path as well (a
     * directory went away; this costs a pass over all pending files). Returns how many were
     * forgotten.
     */
    int forget(FileRef path, boolean subtree) {
        int removed = pending.remove(path) != null ? 1 : 0;
        if (subtree) {
            for (Iterator<FileRef> it = pending.keySet().iterator(); it.hasNext(); ) {
                if (it.next().isWithin(path)) {
                    it.remove();
                    removed++;
                }
            }
        }
        return removed;
    }

    int size() {
        return pending.size();
    }

    private static Duration quietPeriod(FileRef file) {
        return file.root().quietPeriod();
    }

    /** When the max delay of the entry's unreleased changes runs out; null when it cannot. */
    private static Instant deadline(FileRef file, Entry entry) {
        Duration maxDelay = file.root().maxDelay();
        return maxDelay.isZero() || entry.unreleasedSince == null ? null : entry.unreleasedSince.plus(maxDelay);
    }

    private static Instant earliest(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
