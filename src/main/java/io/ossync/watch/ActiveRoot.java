package io.ossync.watch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A root found present: the real directory that is walked and watched (links in the configured
 * path resolved), and its file key at that moment.
 */
record ActiveRoot(WatchRoot root, Path base, Object fileKey) {

    ActiveRoot {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(base, "base");
    }

    /** The file at an absolute path under {@link #base()}. */
    FileRef file(Path absolute) {
        return new FileRef(root, base.relativize(absolute));
    }

    String id() {
        return root.id();
    }
}
