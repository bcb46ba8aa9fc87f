package io.ossync.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Notices when the state database or its lock file is deleted or replaced under the running
 * daemon, and says so once.
 *
 * <p>Why: SQLite and the OS lock both stay attached to the file the daemon opened, not to its
 * path. Deleted, the database goes on taking writes into an unlinked file that nobody will read
 * again; a deleted or replaced lock file lets a second daemon lock a new file at the same path
 * and work on the same config. Neither can be repaired in place (a fresh database at the path
 * would not hold the ledger the daemon relies on), so the owner of this watch stops the daemon.
 *
 * <p>How: every interval (default {@link #DEFAULT_INTERVAL}) it stats each path and compares the
 * file key (device + inode) with the one recorded at open or lock time ({@link OpenedFile}). A
 * path that names nothing, another file, or cannot be stat'ed any more is a loss. The inode of a
 * deleted file cannot be reused while the daemon keeps it open (SQLite's connection, the lock's
 * channel), so a replacement always shows a different key. The WAL and shared-memory files are
 * not watched: SQLite recreates them and they are not the daemon's record.
 *
 * <p>Guarantees: the first loss is reported to {@code onLost} exactly once, with a reason that
 * names the file; from then on {@link #problem()} keeps answering it (the loss is never
 * "healed" by a file appearing again). A check that throws unexpectedly is logged and the next
 * tick runs.
 */
public final class StateFileWatch implements AutoCloseable {

    /** Short enough that a second daemon cannot work long beside this one, cheap at two stats a tick. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(StateFileWatch.class);

    /** What is wrong with one watched file. */
    public record Loss(OpenedFile file, String reason) {
        /** One line for {@code /health} and messages: role, path and reason. */
        public String describe() {
            return file.role() + " " + file.path() + " " + reason + " under the running daemon";
        }
    }

    private final List<OpenedFile> files;
    private final Consumer<Loss> onLost;
    private final AtomicReference<Loss> lost = new AtomicReference<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ossync-state-watch");
        t.setDaemon(true);
        return t;
    });

    /** Watches {@code files}; {@code onLost} runs once, on the thread that noticed the first loss (the watch's, or /health's). */
    public StateFileWatch(List<OpenedFile> files, Consumer<Loss> onLost) {
        this.files = List.copyOf(files);
        this.onLost = Objects.requireNonNull(onLost, "onLost");
    }

    /** Checks every {@code interval} from now on, on a thread of its own (never behind a slow sweep). */
    public StateFileWatch start(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("state file watch interval must be positive: " + interval);
        }
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Looks at the files once; reports the first loss (once) and returns it. */
    public Optional<Loss> check() {
        Loss known = lost.get();
        if (known != null) {
            return Optional.of(known);
        }
        for (OpenedFile file : files) {
            Optional<Loss> loss = lossOf(file);
            if (loss.isPresent()) {
                if (lost.compareAndSet(null, loss.get())) {
                    log.error("state database deleted or replaced under the running daemon, stopping file=\"{}\" "
                            + "path={} reason=\"{}\"", file.role(), file.path(), loss.get().reason());
                    onLost.accept(loss.get());
                }
                return Optional.of(lost.get());
            }
        }
        return Optional.empty();
    }

    /** For {@code /health}: empty while both files are the ones opened, else what happened to which. */
    public Optional<String> problem() {
        return check().map(Loss::describe);
    }

    private static Optional<Loss> lossOf(OpenedFile file) {
        Object now;
        try {
            now = Files.readAttributes(file.path(), BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return Optional.of(new Loss(file, "was deleted"));
        } catch (IOException e) {
            return Optional.of(new Loss(file, "can no longer be checked (" + e + ")"));
        }
        if (!Objects.equals(now, file.fileKey())) {
            return Optional.of(new Loss(file, "was replaced by another file (file key " + now + ", opened as "
                    + file.fileKey() + ")"));
        }
        return Optional.empty();
    }

    /** The scheduled task: never lets an exception end the schedule. */
    private void tick() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("state file watch failed, checking again next tick error=\"{}\"", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
