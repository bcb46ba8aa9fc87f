package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** One bucket on disk: its objects and its open multipart uploads. */
final class BucketStore {
    private final String name;
    private final BucketFolders folders;
    private final ObjectIndex objects;
    private final MultipartUploads uploads;

    private BucketStore(String name, BucketFolders folders, ObjectIndex objects, MultipartUploads uploads) {
        this.name = name;
        this.folders = folders;
        this.objects = objects;
        this.uploads = uploads;
    }

    /** Opens (creating if needed) the bucket in {@code root}, cleaning up after any earlier crash. */
    static BucketStore open(String name, Path root, Sidecars sidecars, Clock clock) throws IOException {
        BucketFolders folders = BucketFolders.create(root);
        BucketFolders.deleteTree(folders.tmp());
        Files.createDirectories(folders.tmp());
        ObjectIndex objects = new ObjectIndex(folders, sidecars);
        Set<String> completed = objects.load();
        MultipartUploads uploads = new MultipartUploads(folders, sidecars, objects, clock);
        uploads.load(completed);
        return new BucketStore(name, folders, objects, uploads);
    }

    /**
     * Opens the bucket in {@code root} for reading beside its owner: no folder made, nothing swept,
     * the committed objects loaded for listings (an object asked for by key is read from disk, see
     * {@link ObjectIndex#get}), no multipart upload loaded (an owner's uploads in flight are
     * not this reader's business; the read-only emulator refuses every write).
     */
    static BucketStore openReadOnly(String name, Path root, Sidecars sidecars, Clock clock) throws IOException {
        BucketFolders folders = BucketFolders.existing(root);
        ObjectIndex objects = new ObjectIndex(folders, sidecars, true);
        objects.loadReadOnly();
        return new BucketStore(name, folders, objects, new MultipartUploads(folders, sidecars, objects, clock));
    }

    String name() {
        return name;
    }

    ObjectIndex objects() {
        return objects;
    }

    MultipartUploads uploads() {
        return uploads;
    }

    /** A fresh path in the bucket's temporary folder (same file system as the data, so renames are atomic). */
    Path newTempFile() {
        return folders.newTempFile();
    }
}
