package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of one bucket: an in-memory sorted index over the JSON sidecars, rebuilt from disk at
 * start. A new version of an object becomes visible in one atomic step (rename of its sidecar), and
 * its old data files go only after that. Readers hold a per-key read lock while they stream, so an
 * overwrite waits instead of deleting bytes under them.
 */
final class ObjectIndex {
    private static final Logger log = LoggerFactory.getLogger(ObjectIndex.class);
    private static final int LOCK_STRIPES = 256;

    private final BucketFolders folders;
    private final Sidecars sidecars;
    private final ConcurrentSkipListMap<String, ObjectRecord> index = new ConcurrentSkipListMap<>(KeyOrder.INSTANCE);
    private final ReadWriteLock[] locks = new ReadWriteLock[LOCK_STRIPES];

    /**
     * True for a read-only emulator beside the folder's owner: an object asked for by key is read
     * from its sidecar on disk, not from the index loaded at start, so HEAD and GET see what the
     * owner committed since (listings stay the snapshot of the start).
     */
    private final boolean readsFromDisk;

    ObjectIndex(BucketFolders folders, Sidecars sidecars) {
        this(folders, sidecars, false);
    }

    ObjectIndex(BucketFolders folders, Sidecars sidecars, boolean readsFromDisk) {
        this.folders = folders;
        this.sidecars = sidecars;
        this.readsFromDisk = readsFromDisk;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    /**
     * Loads every sidecar, then deletes data files no sidecar names (left by a crash between writing
     * data and committing). Returns the upload ids that completed into an object.
     */
    Set<String> load() throws IOException {
        Set<String> referenced = new HashSet<>();
        Set<String> completedUploads = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folders.objects(), "*.json")) {
            for (Path file : files) {
                ObjectRecord rec = sidecars.read(file, ObjectRecord.class);
                index.put(rec.key(), rec);
                rec.segments().forEach(s -> referenced.add(s.file()));
                if (rec.uploadId() != null) {
                    completedUploads.add(rec.uploadId());
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folders.data())) {
            for (Path file : files) {
                if (!referenced.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return completedUploads;
    }

    /**
     * Loads every sidecar and deletes nothing: for reading a bucket whose owner runs. A sidecar
     * deleted by the owner between the listing and its reading is simply not there (sidecars are
     * renamed into place whole, so one read is never half written).
     */
    void loadReadOnly() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folders.objects(), "*.json")) {
            for (Path file : files) {
                try {
                    ObjectRecord rec = sidecars.read(file, ObjectRecord.class);
                    index.put(rec.key(), rec);
                } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException gone) {
                    // Deleted or replaced meanwhile: the owner's business.
                }
            }
        }
    }

    Optional<ObjectRecord> get(String key) {
        if (readsFromDisk) {
            return readSidecar(key);
        }
        return Optional.ofNullable(index.get(key));
    }

    private Optional<ObjectRecord> readSidecar(String key) {
        try {
            ObjectRecord rec = sidecars.read(folders.objectSidecar(key), ObjectRecord.class);
            return rec.key().equals(key) ? Optional.of(rec) : Optional.empty();
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int size() {
        return index.size();
    }

    /** Objects with keys after {@code marker} (all if null), in key order; a live view. */
    NavigableMap<String, ObjectRecord> after(String marker) {
        return marker == null || marker.isEmpty() ? index : index.tailMap(marker, false);
    }

    Path dataFile(ObjectRecord.Segment segment) {
        return folders.data().resolve(segment.file());
    }

    /**
     * New data files of this index holding the bytes of {@code sources} (found by {@code where}), as
     * hard links where the file system allows: the segments of an object to commit. Nothing is left
     * behind when one fails.
     */
    List<ObjectRecord.Segment> linkIn(List<ObjectRecord.Segment> sources,
                                      Function<ObjectRecord.Segment, Path> where) throws IOException {
        List<ObjectRecord.Segment> segments = new ArrayList<>(sources.size());
        try {
            for (ObjectRecord.Segment source : sources) {
                ObjectRecord.Segment segment = new ObjectRecord.Segment(BucketFolders.uniqueName() + ".seg", source.size());
                BucketFolders.linkOrCopy(where.apply(source), dataFile(segment));
                segments.add(segment);
            }
        } catch (IOException e) {
            for (ObjectRecord.Segment s : segments) {
                Files.deleteIfExists(dataFile(s));
            }
            throw e;
        }
        return segments;
    }

    /** Runs {@code action} with the key's read lock held: the object stays as seen until it returns. */
    <T> T withReadLock(String key, IoAction<T> action) throws IOException, OssException {
        ReadWriteLock lock = lockFor(key);
        lock.readLock().lock();
        try {
            return action.run(get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Makes {@code rec} the current version of its key. Its segment files must already be in the
     * data folder. With {@code forbidOverwrite}, an existing object makes this fail and nothing changes.
     */
    void commit(ObjectRecord rec, boolean forbidOverwrite) throws IOException, OssException {
        ReadWriteLock lock = lockFor(rec.key());
        lock.writeLock().lock();
        try {
            ObjectRecord old = index.get(rec.key());
            if (old != null && forbidOverwrite) {
                throw OssErrors.fileAlreadyExists(rec.key());
            }
            sidecars.write(folders.objectSidecar(rec.key()), rec, folders.newTempFile());
            index.put(rec.key(), rec);
            if (old != null) {
                deleteSegments(old);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes the object if present; true if there was one. */
    boolean delete(String key) throws IOException {
        ReadWriteLock lock = lockFor(key);
        lock.writeLock().lock();
        try {
            ObjectRecord old = index.get(key);
            if (old == null) {
                return false;
            }
            Files.deleteIfExists(folders.objectSidecar(key));
            index.remove(key);
            deleteSegments(old);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void deleteSegments(ObjectRecord rec) {
        for (ObjectRecord.Segment s : rec.segments()) {
            try {
                Files.deleteIfExists(dataFile(s));
            } catch (IOException e) {
                // Harmless: an unreferenced data file is swept at the next start.
                log.warn("could not delete data file file={} reason={}", s.file(), e.toString());
            }
        }
    }

    private ReadWriteLock lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
    }

    /** An action on an object (absent if none) that may fail with I/O or an OSS error. */
    @FunctionalInterface
    interface IoAction<T> {
        T run(Optional<ObjectRecord> object) throws IOException, OssException;
    }
}
