package io.ossync.daemon;

import io.ossync.config.InvalidObjectKeyException;
import io.ossync.config.WatchConfig;
import io.ossync.files.FileIdentity;
import io.ossync.watch.WatchRoot;

import java.nio.file.Path;

/**
 * One configured watch as each side of the daemon needs it: the configuration, the intake's
 * root and the naming of its objects. A watch is known by its folder (absolute, normalised), which
 * is also its root's id and the name its jobs carry: unlike its position in the list, it survives
 * a config edit, and watches never overlap. Public for the readers beside the daemon
 * ({@code ossync verify}), which must see a watch's files and keys exactly as the daemon does.
 */
public record WatchBinding(WatchConfig config, WatchRoot root, ObjectNaming naming) {

    public static WatchBinding of(WatchConfig config) {
        WatchRoot root = new WatchRoot(config.path().toString(), config.path(), config.quietPeriod(),
                relative -> config.filter().accepts(relative), config.followSymlinks(), config.maxDelay());
        return new WatchBinding(config, root, new ObjectNaming(config));
    }

    /**
     * The key the daemon gives this version of the file at {@code relative} (the watch's prefix
     * template, {@code {date}} from the version's mtime): what {@code ossync verify} expects.
     */
    public String keyFor(Path relative, FileIdentity version) throws InvalidObjectKeyException {
        return naming.forFile(relative).targetFor(version).key();
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
