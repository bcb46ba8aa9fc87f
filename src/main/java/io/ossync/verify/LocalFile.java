package io.ossync.verify;

import io.ossync.files.FileIdentity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a watched folder as the walk saw it.
 *
 * @param path        absolute, under the configured folder (as the daemon's jobs and ledger name it)
 * @param identity    size, mtime and file key read by the walk
 * @param expectedKey the key the daemon gives this version, or null when the name makes no valid key
 * @param keyProblem  why there is no key (null when there is one)
 */
public record LocalFile(Path path, FileIdentity identity, String expectedKey, String keyProblem) {

    public LocalFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(identity, "identity");
        if ((expectedKey == null) == (keyProblem == null)) {
            throw new IllegalArgumentException("a local file has either a key or a key problem: " + path);
        }
    }
}
