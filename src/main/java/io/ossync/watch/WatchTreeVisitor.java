package io.ossync.watch;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tree walk directory-watcher uses to register directories and to report files inside a new
 * directory. Differs from the library's default in two ways: a directory that cannot be read or
 * registered, or vanished during the walk, is skipped instead of failing the whole registration
 * (the scans still cover it), and running out
 * of inotify watches surfaces as a {@link WatchLimitException} naming the directory. Links are
 * never followed (so the watcher never loops and never leaves the root).
 */
final class WatchTreeVisitor implements FileTreeVisitor {

    private static final Logger log = LoggerFactory.getLogger(WatchTreeVisitor.class);

    @Override
    public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                try {
                    onDirectory.call(dir);
                } catch (IOException e) {
                    if (WatchLimitException.isWatchLimit(e)) {
                        throw new WatchLimitException(dir, e);
                    }
                    if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
                        log.debug("watch walk skipped directory={} error={}", dir, e.toString());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.debug("watch walk skipped path={} error={}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) {
                    log.debug("watch walk could not finish directory={} error={}", dir, e.toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
