package io.ossync.daemon;

import io.ossync.config.WatchConfig;
import io.ossync.watch.WatchRoot;

import java.nio.file.Path;

/**
 * One configured watch as each side of the daemon needs it: the configuration, the intake's
 * root (its id is the watch's index in the configuration) and the naming of its objects.
 */
record WatchBinding(int index, WatchConfig config, WatchRoot root, ObjectNaming naming) {

    static WatchBinding of(int index, WatchConfig config) {
        WatchRoot root = new WatchRoot(Integer.toString(index), config.path(), config.quietPeriod(),
                relative -> config.filter().accepts(relative), config.followSymlinks());
        return new WatchBinding(index, config, root, new ObjectNaming(config));
    }

    /** The path of {@code file} relative to this watch's folder. */
    Path relative(Path file) {
        return root.path().relativize(file);
    }
}
