package io.ossync.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns directory-watcher events into intake actions. Events are hints only; the file system is
 * asked before anything is concluded:
 * <ul>
 *   <li>CREATE / MODIFY of an admitted file: the gate stats it and (re)starts its quiet period
 *       (a CREATE may be a rename, which the gate asks about).
 *       Directory events are ignored: directory-watcher reports the files of a new directory as
 *       CREATE events of their own.</li>
 *   <li>DELETE: reported as gone only when nothing exists at the path any more (a rename over the
 *       file, for instance, leaves one). A directory's deletion covers its subtree.</li>
 *   <li>OVERFLOW (path null, root set): events were lost, the root is rescanned.</li>
 *   <li>An event the library failed on ({@link #eventLost}): every root is rescanned.</li>
 * </ul>
 */
final class WatchEventRouter {

    private static final Logger log = LoggerFactory.getLogger(WatchEventRouter.class);

    private final Map<Path, ActiveRoot> rootsByBase;
    private final QuietPeriodGate gate;
    private final Consumer<ActiveRoot> overflow;

    WatchEventRouter(List<ActiveRoot> roots, QuietPeriodGate gate, Consumer<ActiveRoot> overflow) {
        this.rootsByBase = roots.stream().collect(Collectors.toUnmodifiableMap(ActiveRoot::base, r -> r));
        this.gate = Objects.requireNonNull(gate, "gate");
        this.overflow = Objects.requireNonNull(overflow, "overflow");
    }

    void route(DirectoryChangeEvent event) {
        ActiveRoot root = event.rootPath() == null ? null : rootsByBase.get(event.rootPath());
        if (root == null) {
            log.debug("watch event outside the roots ignored event={}", event);
            return;
        }
        Path path = event.path();
        switch (event.eventType()) {
            case OVERFLOW -> overflow.accept(root);
            case CREATE, MODIFY -> {
                if (path != null && !event.isDirectory()) {
                    changed(root.file(path), event.eventType() == DirectoryChangeEvent.EventType.CREATE);
                }
            }
            case DELETE -> {
                if (path != null) {
                    deleted(root.file(path), event.isDirectory());
                }
            }
            default -> log.debug("watch event of unknown type ignored event={}", event);
        }
    }

    /**
     * directory-watcher failed on an event and passed the listener its exception instead. Release
     * 0.19.1 does that with every OVERFLOW: it looks the event's null path up in a
     * {@code ConcurrentSkipListMap} (its {@code onEvent}) and throws a NullPointerException, so
     * a burst that overflows the JDK's queue of 512 events per directory never reaches
     * {@link #route} as OVERFLOW. The exception does not say which root lost events: all of them
     * are rescanned (a scan only stats, and requests for a root already waiting coalesce).
     */
    void eventLost(Exception cause) {
        log.debug("watch event lost, rescanning every root error={}", cause.toString());
        rootsByBase.values().forEach(overflow);
    }

    private void changed(FileRef file, boolean created) {
        if (!IntakeFilter.admits(file.root(), file.relative())) {
            return;
        }
        if (created) {
            gate.created(file);
        } else {
            gate.changed(file);
        }
    }

    private void deleted(FileRef path, boolean wasDirectory) {
        if (path.relative().toString().isEmpty()) {
            return;
        }
        if (!wasDirectory && !IntakeFilter.admits(path.root(), path.relative())) {
            return;
        }
        if (!FileStat.isGone(path.absolute())) {
            log.debug("delete event but the path exists again file={}", path);
            return;
        }
        gate.gone(path, wasDirectory);
    }
}
