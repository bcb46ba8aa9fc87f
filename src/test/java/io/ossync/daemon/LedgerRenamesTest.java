package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.watch.WatchRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** logrotate's rename on a real folder, recognised through a real ledger table. */
class LedgerRenamesTest {

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path folder;

    Ledger ledger;
    WatchRoot root;

    @BeforeEach
    void open() {
        ledger = new Ledger(state.database(), new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        root = WatchRoot.of(folder.toString(), folder, Duration.ofSeconds(2));
    }

    private void uploaded(Path file, String bucket, FileIdentity identity) {
        state.database().runInTransaction(c -> ledger.record(c, file, bucket, "logs/" + file.getFileName(), identity, 1L));
    }

    @Test
    void aFileRenamedFromAnUploadedOneIsRecognisedUnderItsNewPathOnly() throws Exception {
        Path log = Files.writeString(folder.resolve("app.log"), "lines\n");
        FileIdentity uploadedVersion = FileIdentity.read(log);
        uploaded(log, "bucket", uploadedVersion);
        Path rotated = Files.move(log, folder.resolve("app.log.1"));
        Files.writeString(folder.resolve("app.log"), "");   // logrotate's create

        LedgerRenames renames = new LedgerRenames(ledger, "bucket");
        FileIdentity afterRename = FileIdentity.read(rotated);

        assertThat(afterRename).as("a rename keeps size, mtime and inode").isEqualTo(uploadedVersion);
        assertThat(renames.isRenamed(root, Path.of("app.log.1"), afterRename)).isTrue();
        assertThat(renames.isRenamed(root, Path.of("app.log"), FileIdentity.read(folder.resolve("app.log"))))
                .as("the new app.log is another file").isFalse();
        assertThat(renames.isRenamed(root, Path.of("app.log"), uploadedVersion))
                .as("the uploaded version at its own path is no rename").isFalse();
        assertThat(new LedgerRenames(ledger, "other-bucket").isRenamed(root, Path.of("app.log.1"), afterRename))
                .as("an object in another bucket cannot be copied from").isFalse();
        assertThat(renames.isRenamed(root, Path.of("app.log.1"),
                new FileIdentity(afterRename.size(), afterRename.mtimeNanos(), null))).isFalse();
    }

    @Test
    void aFileRenamedThenGrownIsRecognisedByItsFileKey() throws Exception {
        Path log = Files.writeString(folder.resolve("app.log"), "lines\n");
        uploaded(log, "bucket", FileIdentity.read(log));
        Path rotated = Files.move(log, folder.resolve("app.log.1"));
        Files.writeString(rotated, "written after the rename\n", java.nio.file.StandardOpenOption.APPEND);

        LedgerRenames renames = new LedgerRenames(ledger, "bucket");
        assertThat(renames.isRenamed(root, Path.of("app.log.1"), FileIdentity.read(rotated))).isTrue();
        Files.writeString(rotated, "x");   // shorter than the version uploaded: not that file grown
        assertThat(renames.isRenamed(root, Path.of("app.log.1"), FileIdentity.read(rotated))).isFalse();
    }

    @Test
    void theInMemoryIndexSparesTheQueryOnlyForFileKeysTheLedgerLacks() throws Exception {
        Path log = Files.writeString(folder.resolve("app.log"), "lines\n");
        FileIdentity uploadedVersion = FileIdentity.read(log);
        uploaded(log, "bucket", uploadedVersion);
        UploadedVersions known = UploadedVersions.load(ledger, java.util.List.of(watch()));
        Path rotated = Files.move(log, folder.resolve("app.log.1"));
        Path fresh = Files.writeString(folder.resolve("new.log"), "other\n");

        LedgerRenames renames = new LedgerRenames(ledger, "bucket", known);
        assertThat(renames.isRenamed(root, Path.of("app.log.1"), FileIdentity.read(rotated))).isTrue();
        assertThat(renames.isRenamed(root, Path.of("new.log"), FileIdentity.read(fresh))).isFalse();

        // A row the index was not told of is not found through it: the index must follow every record.
        FileIdentity freshVersion = FileIdentity.read(fresh);
        uploaded(fresh, "bucket", freshVersion);
        Path moved = Files.move(fresh, folder.resolve("moved.log"));
        assertThat(renames.isRenamed(root, Path.of("moved.log"), freshVersion)).isFalse();
        known.recording(fresh, freshVersion);
        assertThat(renames.isRenamed(root, Path.of("moved.log"), FileIdentity.read(moved))).isTrue();
    }

    private io.ossync.daemon.WatchBinding watch() {
        return io.ossync.daemon.WatchBinding.of(new io.ossync.config.WatchConfig(folder,
                io.ossync.config.KeyTemplate.parse("logs/", "web-1"), io.ossync.config.PathFilter.everything(),
                Duration.ofSeconds(2), io.ossync.config.AfterUpload.KEEP, true, false,
                io.ossync.store.StorageClass.STANDARD, io.ossync.store.ServerSideEncryption.NONE,
                io.ossync.config.DeleteLimit.parse("3")));
    }
}
