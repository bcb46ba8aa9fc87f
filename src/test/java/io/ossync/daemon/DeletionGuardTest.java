package io.ossync.daemon;

import io.ossync.cli.Main;
import io.ossync.config.AfterUpload;
import io.ossync.config.DeleteLimit;
import io.ossync.config.KeyTemplate;
import io.ossync.config.PathFilter;
import io.ossync.config.WatchConfig;
import io.ossync.roots.RootRecord;
import io.ossync.roots.RootRecords;
import io.ossync.store.ServerSideEncryption;
import io.ossync.store.StorageClass;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.watch.PresentFiles;
import io.ossync.watch.ScanReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard against a real state database and a real folder: what it records, holds and lifts. */
class DeletionGuardTest {

    private static final Instant T0 = Instant.parse("2026-12-07T18:00:00Z");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private Path root;
    private WatchBinding watch;
    private RootRecords records;

    @BeforeEach
    void watchOneFolder() throws IOException {
        root = Files.createDirectory(dir.resolve("in"));
        watch = WatchBinding.of(new WatchConfig(root, KeyTemplate.parse("in/", "web-1"), PathFilter.everything(),
                Duration.ofSeconds(2), AfterUpload.KEEP, true, false, StorageClass.STANDARD, ServerSideEncryption.NONE,
                DeleteLimit.parse("3")));
        records = new RootRecords(state.database());
    }

    private ScanReport scan(String rootKey) {
        return new ScanReport(watch.root(), clock.instant(), Duration.ZERO, 0, 0, PresentFiles.of(), List.of(), rootKey);
    }

    private String key() throws IOException {
        return Files.readAttributes(root, BasicFileAttributes.class).fileKey().toString();
    }

    @Test
    void aReplacedRootIsHeldUntilTheFilesReturn() throws Exception {
        DeletionGuard guard = new DeletionGuard(records, List.of(watch), clock);
        String original = key();
        assertThat(guard.scanMayDelete(scan(original), 10, 0)).isTrue();
        assertThat(records.get(root).map(RootRecord::fileKey)).as("identity recorded when first seen").hasValue(original);

        Files.move(root, dir.resolve("away"));
        Files.createDirectory(root);
        assertThat(guard.eventMayDelete(watch.root())).as("another directory at the root's path").isFalse();
        assertThat(guard.scanMayDelete(scan(key()), 10, 1)).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(guard.scanMayDelete(scan(key()), 10, 10)).isFalse();
        assertThat(guard.eventMayDelete(watch.root())).isFalse();
        RootRecord.Hold hold = records.held().get(0).hold().orElseThrow();
        assertThat(hold.reason()).startsWith("root replaced (device or inode changed: " + original + " -> ");
        assertThat(hold.missing()).as("the latest scan's count").isEqualTo(10);
        assertThat(hold.since()).as("when it began").isEqualTo(T0);
        assertThat(guard.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("deletions held for " + root + ": root replaced"));
        assertThat(new DeletionGuard(records, List.of(watch), clock).problem()).as("after a restart too").isPresent();

        Files.delete(root);
        Files.move(dir.resolve("away"), root);
        assertThat(guard.scanMayDelete(scan(original), 10, 0)).isTrue();
        assertThat(records.held()).isEmpty();
        assertThat(guard.problem()).isEmpty();
        assertThat(guard.eventMayDelete(watch.root())).isTrue();
    }

    @Test
    void moreGoneThanMaxDeleteIsHeldUntilTheOperatorConfirms() throws Exception {
        DeletionGuard guard = new DeletionGuard(records, List.of(watch), clock);
        assertThat(guard.scanMayDelete(scan(key()), 10, 3)).as("max-delete 3").isTrue();
        assertThat(guard.scanMayDelete(scan(key()), 10, 4)).isFalse();
        assertThat(confirmDeletes()).isEqualTo("deletions confirmed for " + root + ": they proceed at its next scan\n");
        assertThat(records.held().get(0).confirmed()).isTrue();

        assertThat(guard.scanMayDelete(scan(key()), 10, 4)).as("confirmed").isTrue();
        assertThat(records.get(root).orElseThrow()).isEqualTo(new RootRecord(root, key(), Optional.empty(),
                false));
        assertThat(guard.scanMayDelete(scan(key()), 6, 4)).as("the confirmation was for one scan").isFalse();
    }

    @Test
    void confirmingWhenNothingIsHeldFails() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        assertThat(cl.execute("confirm-deletes", "--state", state.file().toString())).isEqualTo(1);
        assertThat(out.toString()).contains("no deletions are held");
    }

    private String confirmDeletes() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("confirm-deletes", "--state", state.file().toString(), "--root", root.toString()))
                .as("output: %s", out).isZero();
        return out.toString();
    }
}
