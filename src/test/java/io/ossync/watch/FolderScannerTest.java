package io.ossync.watch;

import static io.ossync.watch.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ossync.files.FileIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScannerTest {

    private static final Duration QUIET = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    private final Map<String, FileIdentity> offered = new LinkedHashMap<>();

    @Test
    void reportsEveryAdmittedFileWithItsSizeMtimeAndFileKey() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("a.txt"), "12345");
        write(root.resolve("x/y/z.bin"), "");
        write(root.resolve("x/skip.part"), "unfinished");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(Instant.parse("2026-01-02T03:04:05.123456789Z")));

        ScanReport report = scan(WatchRoot.of("r", root, QUIET), KnownFiles.none());

        assertThat(offered).containsOnlyKeys("a.txt", "x/y/z.bin");
        BasicFileAttributes attrs = Files.readAttributes(root.resolve("a.txt"), BasicFileAttributes.class);
        assertThat(offered.get("a.txt")).isEqualTo(
                new FileIdentity(5, Instant.parse("2026-01-02T03:04:05.123456789Z").getEpochSecond() * 1_000_000_000L
                        + 123_456_789, attrs.fileKey().toString()));
        TestFiles.assertPresentExactly(report.present(), "a.txt", "x/y/z.bin");
        assertThat(report.filesSeen()).isEqualTo(2);
        assertThat(report.filesOffered()).isEqualTo(2);
        assertThat(report.complete()).isTrue();
        assertThat(report.rootKey()).as("the walked directory's identity")
                .isEqualTo(Files.readAttributes(root, BasicFileAttributes.class).fileKey().toString());
    }

    @Test
    void knownFilesAreReportedPresentButNotOffered() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("old.txt"), "held already");
        write(root.resolve("new.txt"), "not yet");
        FileIdentity held = FileStat.regularFile(root.resolve("old.txt"), false).orElseThrow();
        KnownFiles known = (r, relative, snapshot) -> relative.equals(Path.of("old.txt")) && snapshot.equals(held);

        ScanReport report = scan(WatchRoot.of("r", root, QUIET), known);

        assertThat(offered).containsOnlyKeys("new.txt");
        TestFiles.assertPresentExactly(report.present(), "old.txt", "new.txt");
        assertThat(report.filesOffered()).isEqualTo(1);
    }

    @Test
    void linksAreSkippedUnlessFollowedAndALinkLoopIsWalkedOnce() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(outside.resolve("o.txt"), "o");
        Path root = Files.createDirectories(tmp.resolve("root"));
        write(root.resolve("sub/in.txt"), "i");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("sub/up"), root);
        Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nothing-here"));

        scan(WatchRoot.of("r", root, QUIET), KnownFiles.none());
        assertThat(offered).containsOnlyKeys("sub/in.txt");

        offered.clear();
        ScanReport followed = scan(new WatchRoot("f", root, QUIET, p -> true, true), KnownFiles.none());
        assertThat(offered).containsOnlyKeys("sub/in.txt", "out/o.txt");
        assertThat(followed.complete()).isTrue();
    }

    @Test
    void aCancelledScanReportsNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        for (int i = 0; i < 10; i++) {
            write(root.resolve("f" + i), "x");
        }
        AtomicInteger asked = new AtomicInteger();
        ActiveRoot active = RootProbe.probe(WatchRoot.of("r", root, QUIET)).active();

        var report = new FolderScanner(KnownFiles.none(), Clock.systemUTC())
                .scan(active, (file, snapshot) -> offered.put(file.relative().toString(), snapshot),
                        () -> asked.incrementAndGet() > 3);

        assertThat(report).isEmpty();
        assertThat(offered.size()).isLessThan(10);
    }

    @Test
    void aRootThatIsGoneFailsTheScan() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        ActiveRoot active = RootProbe.probe(WatchRoot.of("r", root, QUIET)).active();
        Files.delete(root);

        assertThatThrownBy(() -> new FolderScanner(KnownFiles.none(), Clock.systemUTC())
                .scan(active, (file, snapshot) -> { }, () -> false))
                .isInstanceOf(NoSuchFileException.class);
    }

    private ScanReport scan(WatchRoot root, KnownFiles known) throws IOException {
        ActiveRoot active = RootProbe.probe(root).active();
        return new FolderScanner(known, Clock.systemUTC())
                .scan(active, (file, snapshot) -> offered.put(RecordingSink.slashes(file.relative()), snapshot), () -> false)
                .orElseThrow();
    }

}
