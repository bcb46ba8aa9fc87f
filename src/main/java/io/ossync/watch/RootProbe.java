package io.ossync.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/** Looks whether a root's folder is there (following a link in the configured path). */
final class RootProbe {

    /** Either the active root or the reason it is not usable. */
    record Result(ActiveRoot active, String problem) {

        boolean present() {
            return active != null;
        }
    }

    private RootProbe() {
    }

    static Result probe(WatchRoot root) {
        Path path = root.path();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return new Result(null, "not a directory");
            }
            return new Result(new ActiveRoot(root, path.toRealPath(), attributes.fileKey()), null);
        } catch (NoSuchFileException e) {
            return new Result(null, "does not exist");
        } catch (IOException e) {
            return new Result(null, Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
    }
}
