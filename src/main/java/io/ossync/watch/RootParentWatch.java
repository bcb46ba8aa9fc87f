package io.ossync.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a root folder being created, deleted, renamed or replaced, by watching the directories
 * that contain the roots (not recursively: one inotify watch per distinct parent).
 *
 * <p>Why: the recursive watcher cannot tell. When a root is deleted its inotify watch just ends,
 * silently, and on ext4 a directory made again under the same name usually gets the same inode, so
 * neither an event nor the file key reveals that the root now needs watching anew.
 *
 * <p>Best effort: a parent that does not exist, or cannot be watched, is not watched until a
 * later {@link #refresh()} succeeds; the periodic root check remains the fallback.
 */
final class RootParentWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RootParentWatch.class);

    private final Map<Path, List<WatchRoot>> rootsByParent;
    private final Consumer<WatchRoot> touched;
    private final WatchService service;

    /** @param touched called, on the watch thread, for a root whose directory entry changed */
    RootParentWatch(List<WatchRoot> roots, Consumer<WatchRoot> touched, ThreadFactory threads) throws IOException {
        this.rootsByParent = roots.stream()
                .filter(root -> root.path().getParent() != null)
                .collect(Collectors.groupingBy(root -> root.path().getParent(), LinkedHashMap::new,
                        Collectors.toList()));
        this.touched = Objects.requireNonNull(touched, "touched");
        this.service = FileSystems.getDefault().newWatchService();
        threads.newThread(this::run).start();
    }

    /** Watches every parent that exists now (again, if it was replaced). Cheap when nothing changed. */
    void refresh() {
        for (Path parent : rootsByParent.keySet()) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try {
                parent.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException | ClosedWatchServiceException e) {
                log.debug("cannot watch the parent of a root parent={} error={}", parent, e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing the root parent watch failed error={}", e.toString());
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            List<WatchRoot> candidates = rootsByParent.getOrDefault((Path) key.watchable(), List.of());
            for (WatchEvent<?> event : key.pollEvents()) {
                Object name = event.context();
                for (WatchRoot root : candidates) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || root.path().getFileName().equals(name)) {
                        notifyTouched(root);
                    }
                }
            }
            key.reset();
        }
    }

    private void notifyTouched(WatchRoot root) {
        try {
            touched.accept(root);
        } catch (RuntimeException e) {
            log.error("root change could not be handled root={} error={}", root.id(), e.toString(), e);
        }
    }
}
