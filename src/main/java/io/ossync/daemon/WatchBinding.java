package io.ossync.daemon;

import io.ossync.config.WatchConfig;
import io.ossync.watch.WatchRoot;

import java.nio.file.Path;

/**
 * One configured watch as each side of the daemon needs it: the configuration, the intake's
 * root and the naming of its objects. A watch is known by its folder (absolute, normalised), which
 * is also its root's id and the name its jobs carry: unlike its position in the list, it survives
 * a config edit, and watches never overlap.
 */
record WatchBinding(WatchConfig config, WatchRoot root, ObjectNaming naming) {

    static WatchBinding of(WatchConfig config) {
        WatchRoot root = new WatchRoot(config.path().toString(), config.path(), config.quietPeriod(),
                relative -> config.filter().accepts(relative), config.followSymlinks(), config.maxDelay());
        return new WatchBinding(config, root, new ObjectNaming(config));
    }

    /** The watched folder: the watch's stable name. */
    Path folder() {
        return root.path();
    }

    /** The path of {@code file} relative to this watch's folder. */
    Path relative(Path file) {
        return root.path().relativize(file);
    }
}
