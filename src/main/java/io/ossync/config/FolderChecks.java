package io.ossync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The checks of a configuration that look at the file system: watched folders exist (or not,
 * per {@link MissingFolders}), are folders, are readable, and do not overlap; the state database
 * lies outside every watched folder. Paths are compared after resolving symbolic links where the
 * folders exist, so a link cannot hide an overlap.
 */
final class FolderChecks {

    /** A watched folder as configured, with the key path to report problems at. */
    record Folder(String keyPath, Path path, AfterUpload afterUpload) {
    }

    private final MissingFolders missingFolders;

    FolderChecks(MissingFolders missingFolders) {
        this.missingFolders = missingFolders;
    }

    void check(List<Folder> folders, String stateKeyPath, Path state, ConfigProblems problems) {
        for (Folder f : folders) {
            checkFolder(f, problems);
        }
        for (int j = 0; j < folders.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (overlaps(folders.get(i), folders.get(j), problems)) {
                    break; // one overlap is enough to report for a folder
                }
            }
        }
        if (state != null) {
            checkState(stateKeyPath, state, folders, problems);
        }
    }

    private void checkFolder(Folder f, ConfigProblems problems) {
        Path p = f.path();
        if (!Files.exists(p)) {
            if (missingFolders == MissingFolders.ERROR) {
                problems.error(f.keyPath(), "folder " + p + " does not exist");
            } else {
                problems.warning(f.keyPath(), "folder " + p + " does not exist yet: waiting for it");
            }
            return;
        }
        if (!Files.isDirectory(p)) {
            problems.error(f.keyPath(), p + " is not a folder");
            return;
        }
        if (!Files.isReadable(p) || !Files.isExecutable(p)) {
            problems.warning(f.keyPath(), "folder " + p + " is not readable by this user");
        } else if (f.afterUpload() == AfterUpload.DELETE && !Files.isWritable(p)) {
            problems.warning(f.keyPath(), "folder " + p + " is not writable by this user, "
                    + "but after-upload: delete needs to delete files in it");
        }
    }

    /** Records an error and returns true when {@code second} overlaps {@code first}. */
    private static boolean overlaps(Folder first, Folder second, ConfigProblems problems) {
        Path a = canonical(first.path());
        Path b = canonical(second.path());
        String why = ": a file would be uploaded twice (watch the outer folder and use include/exclude)";
        if (a.equals(b)) {
            problems.error(second.keyPath(), "same folder as " + first.keyPath() + " (" + first.path() + ")" + why);
        } else if (b.startsWith(a)) {
            problems.error(second.keyPath(), second.path() + " is inside " + first.keyPath() + " (" + first.path() + ")" + why);
        } else if (a.startsWith(b)) {
            problems.error(second.keyPath(), second.path() + " contains " + first.keyPath() + " (" + first.path() + ")" + why);
        } else {
            return false;
        }
        return true;
    }

    private static void checkState(String keyPath, Path state, List<Folder> folders, ConfigProblems problems) {
        Path real = canonical(state);
        for (Folder f : folders) {
            if (state.startsWith(f.path()) || real.startsWith(canonical(f.path()))) {
                problems.error(keyPath, state + " is inside " + f.keyPath() + " (" + f.path()
                        + "): the state database must lie outside every watched folder");
            }
        }
        if (Files.isDirectory(state)) {
            problems.error(keyPath, state + " is a folder; expected the database file's path, e.g. " + state.resolve("state.db"));
        }
        Path parent = state.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            problems.warning(keyPath, "folder " + parent + " does not exist yet");
        }
    }

    /** The path with symbolic links resolved in its longest existing part. */
    static Path canonical(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
