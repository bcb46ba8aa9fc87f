package io.ossync.watch;

import java.nio.file.Path;
import java.util.Objects;

/** A path relative to a root: the identity of a file inside the intake. */
record FileRef(WatchRoot root, Path relative) {

    FileRef {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(relative, "relative");
    }

    Path absolute() {
        return root.resolve(relative);
    }

    /** True for this path itself and for everything under it. */
    boolean isWithin(FileRef ancestor) {
        return root.equals(ancestor.root) && relative.startsWith(ancestor.relative);
    }

    @Override
    public String toString() {
        return root.id() + ":" + relative;
    }
}
