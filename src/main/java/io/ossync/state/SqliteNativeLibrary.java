package io.ossync.state;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The SQLite native library of this platform, as sqlite-jdbc carries it in the jar. sqlite-jdbc
 * unpacks it into {@code java.io.tmpdir} at every start (a tenth of a second of {@code ossync status},
 * and a file left behind by every JVM killed with {@code kill -9}); an install copies it once next to
 * the jar ({@code ossync make-cds-archive}) and the launcher points {@code org.sqlite.lib.path} at it.
 */
public final class SqliteNativeLibrary {

    private SqliteNativeLibrary() {
    }

    /** The file name sqlite-jdbc loads ({@code org.sqlite.lib.name}), e.g. {@code libsqlitejdbc.so}. */
    public static String fileName() {
        return LibraryLoaderUtil.getNativeLibName();
    }

    /**
     * Copies the library into {@code folder} under {@link #fileName()}, through a temporary file
     * renamed over the old one, so a concurrent start never loads half a library.
     *
     * @throws IOException when the jar holds no library for this platform, or the copy fails
     */
    public static Path copyInto(Path folder) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + fileName();
        Path target = folder.resolve(fileName());
        Path tmp = Files.createTempFile(folder, ".sqlite", ".tmp");
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no SQLite native library for this platform in the jar (" + resource + ")");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
