package io.ossync.watch;

import io.ossync.files.FileIdentity;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full walk of one root that reads no file contents: one stat per entry (the walk's own), so a
 * tree of 100,000 files takes well under a second or two on a local disk.
 *
 * <p>Every admitted regular file is recorded in the report; those {@link KnownFiles} does not
 * already hold are offered (with their snapshot) to the consumer, normally the quiet-period gate.
 * Links are skipped unless the root follows them; when it does, a link that leads back into its
 * own ancestors is reported once and not followed again, so a walk always ends. A directory that
 * cannot be read is listed in the report and the walk goes on (logged: the first few of a walk, then
 * one count, see {@link UnreadableWarnings}); a file that vanishes during the walk is simply not there.
 */
final class FolderScanner {

    private static final Logger log = LoggerFactory.getLogger(FolderScanner.class);

    private final KnownFiles known;
    private final Clock clock;

    FolderScanner(KnownFiles known, Clock clock) {
        this.known = Objects.requireNonNull(known, "known");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Walks the root and offers the files not yet known.
     *
     * @return the report, or empty when the walk was cancelled before it finished
     * @throws IOException when the root itself cannot be read (gone, not a directory, no access)
     */
    Optional<ScanReport> scan(ActiveRoot root, BiConsumer<FileRef, FileIdentity> offer,
                              BooleanSupplier cancelled) throws IOException {
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        Walk walk = new Walk(root, offer, cancelled);
        Set<FileVisitOption> options = root.root().followSymlinks()
                ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        try {
            Files.walkFileTree(root.base(), options, Integer.MAX_VALUE, walk);
        } finally {
            walk.warnings.summarise();
        }
        if (walk.stopped) {
            return Optional.empty();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        return Optional.of(new ScanReport(root.root(), startedAt, took, walk.present.size(), walk.offered,
                walk.present, walk.unreadable, walk.rootKey));
    }

    private final class Walk extends SimpleFileVisitor<Path> {
        final ActiveRoot root;
        final BiConsumer<FileRef, FileIdentity> offer;
        final BooleanSupplier cancelled;
        final PresentFiles present = new PresentFiles();
        final List<Path> unreadable = new ArrayList<>();
        final UnreadableWarnings warnings;
        int offered;
        boolean stopped;
        String rootKey;

        Walk(ActiveRoot root, BiConsumer<FileRef, FileIdentity> offer, BooleanSupplier cancelled) {
            this.root = root;
            this.offer = offer;
            this.cancelled = cancelled;
            this.warnings = new UnreadableWarnings(root.id());
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root.base())) {
                // Read with the walk, not at the last root check: the scan's evidence and its identity agree.
                rootKey = attrs.fileKey() == null ? null : attrs.fileKey().toString();
            }
            return stopIfCancelled();
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile()) {
                // Links (when not followed, or dangling), devices, sockets, fifos.
                return stopIfCancelled();
            }
            FileRef ref = root.file(file);
            if (!IntakeFilter.admits(ref.root(), ref.relative())) {
                return stopIfCancelled();
            }
            FileIdentity snapshot = FileIdentity.of(attrs);
            present.add(ref.relative());
            if (!isKnown(ref, snapshot)) {
                offered++;
                offer.accept(ref, snapshot);
            }
            return stopIfCancelled();
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (file.equals(root.base())) {
                throw e;
            }
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            if (e instanceof FileSystemLoopException) {
                log.warn("symbolic link loop not followed root={} path={}", root.id(), root.file(file).relative());
                return FileVisitResult.CONTINUE;
            }
            Path relative = root.file(file).relative();
            warnings.add("read", relative, e);
            unreadable.add(relative);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
                if (dir.equals(root.base())) {
                    throw e;
                }
                Path relative = root.file(dir).relative();
                warnings.add("finish directory", relative, e);
                unreadable.add(relative);
            }
            return stopIfCancelled();
        }

        private boolean isKnown(FileRef ref, FileIdentity snapshot) {
            try {
                return known.isKnown(ref.root(), ref.relative(), snapshot);
            } catch (RuntimeException e) {
                log.warn("known-files lookup failed, offering the file file={} error={}", ref, e.toString());
                return false;
            }
        }

        private FileVisitResult stopIfCancelled() {
            if (cancelled.getAsBoolean()) {
                stopped = true;
                return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
