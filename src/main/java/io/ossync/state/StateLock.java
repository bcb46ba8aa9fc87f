package io.ossync.state;

import io.ossync.util.Resources;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive use of a state database by one process: an OS lock ({@link FileChannel#tryLock()}) on
 * {@code <database>.lock} next to it, held until {@link #close()} or the death of the process (the
 * OS drops the lock, so {@code kill -9} leaves nothing stale). The lock file keeps the holder's pid
 * for the message a second instance prints; the file itself stays after release (deleting it would
 * race with the next holder).
 *
 * <p>The lock belongs to the process, and Unix drops it when the process closes <em>any</em>
 * descriptor of the file. So a second attempt from the same process must not even open the file:
 * a process-wide set of held lock files answers it first. That set is the one piece of static
 * mutable state, mirroring state the OS keeps per process anyway.
 *
 * <p>A lock file deleted or replaced under its holder cannot be guarded here: the OS lock stays
 * on the unlinked file, and a second instance creates a new file at the path and locks that one.
 * Locking something harder to lose was weighed and dropped: Java takes no exclusive lock on a
 * folder (it needs a writable channel), and a lock on the database file itself would fight
 * SQLite's own POSIX locks on it (closing any descriptor drops all of a process's locks on a
 * file). Instead the daemon watches the file it locked ({@link #locked()}, {@link StateFileWatch})
 * and stops within seconds when the path names another file or none: two daemons overlap at
 * most that long, and the one that stops is the one whose lock no longer guards the path. While
 * the lock file stays in place, a second instance is refused at once, as before.
 */
public final class StateLock implements AutoCloseable {

    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path databaseFile;
    private final Path lockFile;
    private final Path heldKey;
    private final FileChannel channel;
    private final FileLock lock;
    private final OpenedFile locked;

    private StateLock(Path databaseFile, Path lockFile, Path heldKey, FileChannel channel, FileLock lock) {
        this.databaseFile = databaseFile;
        this.lockFile = lockFile;
        this.heldKey = heldKey;
        this.channel = channel;
        this.lock = lock;
        this.locked = OpenedFile.of("lock file", lockFile);
    }

    /**
     * Takes the lock of the state database at {@code databaseFile}, creating folders and the
     * lock file as needed.
     *
     * @throws StateDatabaseException naming the database and the holder when another ossync (or
     *                                this process) already holds it, or when the lock file cannot
     *                                be created
     */
    public static StateLock acquire(Path databaseFile) {
        Path db = databaseFile.toAbsolutePath().normalize();
        Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
        Path key = canonical(lockFile);
        if (!HELD_IN_THIS_PROCESS.add(key)) {
            throw new StateDatabaseException("another ossync is using state database " + db
                    + " (this process already holds " + lockFile + ")");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StateDatabaseException("another ossync is using state database " + db + " ("
                        + holder(channel) + " holds " + lockFile + ")");
            }
            writePid(channel);
            return new StateLock(db, lockFile, key, channel, lock);
        } catch (IOException | OverlappingFileLockException | StateDatabaseException e) {
            HELD_IN_THIS_PROCESS.remove(key);
            Resources.closeAfterFailure(channel, e);
            if (e instanceof StateDatabaseException sde) {
                throw sde;
            }
            throw new StateDatabaseException("cannot lock state database " + db + " with " + lockFile
                    + ": " + e, e);
        }
    }

    private static Path canonical(Path lockFile) {
        try {
            Files.createDirectories(lockFile.getParent());
            return lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw new StateDatabaseException("cannot create the folder of lock file " + lockFile + ": " + e, e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("\\d+") ? "process " + pid : "another process";
    }

    private static void writePid(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    public Path databaseFile() {
        return databaseFile;
    }

    public Path lockFile() {
        return lockFile;
    }

    /** The lock file as it was when locked, for {@link StateFileWatch}. */
    public OpenedFile locked() {
        return locked;
    }

    /** Releases the lock; a second call does nothing. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StateDatabaseException("cannot release lock file " + lockFile + ": " + e, e);
        } finally {
            HELD_IN_THIS_PROCESS.remove(heldKey);
        }
    }
}
