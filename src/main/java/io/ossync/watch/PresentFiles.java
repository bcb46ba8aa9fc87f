package io.ossync.watch;

import com.carrotsearch.hppc.LongHashSet;
import io.ossync.files.Fingerprints;
import java.nio.file.Path;

/**
 * The files a walk saw, as 64-bit {@link Fingerprints#path fingerprints} of their paths relative
 * to the root: 8 bytes a slot (about 10 to 21 bytes a file), where a set of {@link Path}s took
 * about 200, so a scan of a million files holds megabytes, not hundreds of them.
 *
 * <p>A collision makes an absent file look present: its deletion waits for a later scan (one that
 * does not see the colliding file), and nothing is deleted that is there. About n² / 2^65 for n
 * files. Filled by the walk on its thread, read after it is handed over (not thread-safe itself).
 */
public final class PresentFiles {

    private final LongHashSet fingerprints = new LongHashSet();
    private int added;

    /** The files at these relative paths. */
    public static PresentFiles of(Path... relatives) {
        PresentFiles files = new PresentFiles();
        for (Path p : relatives) {
            files.add(p);
        }
        return files;
    }

    void add(Path relative) {
        if (fingerprints.add(Fingerprints.path(relative))) {
            added++;
        }
    }

    /** Whether the walk saw a file at this path relative to the root (see the collision note). */
    public boolean contains(Path relative) {
        return fingerprints.contains(Fingerprints.path(relative));
    }

    /** As {@link #contains(Path)}, for the relative path's {@code toString()}. */
    public boolean contains(String relative) {
        return fingerprints.contains(Fingerprints.string(relative));
    }

    /** How many files the walk saw. */
    public int size() {
        return added;
    }

    public boolean isEmpty() {
        return added == 0;
    }
}
