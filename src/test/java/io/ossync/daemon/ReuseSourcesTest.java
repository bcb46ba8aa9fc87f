package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import io.ossync.upload.LocalCrc;
import io.ossync.upload.ReuseCandidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Which object a new version may reuse, against a real ledger table and real files. */
class ReuseSourcesTest {

    private static final String BUCKET = "bucket";

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    @TempDir
    Path folder;

    private Ledger ledger;
    private ReuseSources sources;

    @BeforeEach
    void open() {
        ledger = new Ledger(state.database(), new MutableClock(Instant.parse("2026-12-07T10:00:00Z")));
        sources = new ReuseSources(ledger, BUCKET);
    }

    private Path file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(name.hashCode()).nextBytes(bytes);
        return Files.write(folder.resolve(name), bytes);
    }

    /** Records the file as uploaded now, with its true CRC-64; returns that version. */
    private FileIdentity uploaded(Path file) throws Exception {
        FileIdentity identity = FileIdentity.read(file);
        long crc = LocalCrc.of(file, 0, identity.size()).orElseThrow();
        state.database().runInTransaction(c -> ledger.record(c, file, BUCKET, "logs/" + file.getFileName(), identity,
                crc));
        return identity;
    }

    private Optional<ReuseCandidate> find(Path file, boolean appendOnly) throws Exception {
        return sources.find(file, FileIdentity.read(file), ledger.get(file), appendOnly);
    }

    @Test
    void aGrownFileReusesItsOwnObjectProvenForTheOldVersion() throws Exception {
        Path log = file("app.log", 200_000);
        FileIdentity old = uploaded(log);
        Files.write(log, new byte[5000], StandardOpenOption.APPEND);

        ReuseCandidate c = find(log, false).orElseThrow();
        assertThat(c.key()).isEqualTo("logs/app.log");
        assertThat(c.size()).isEqualTo(200_000);
        assertThat(c.provenFor()).as("the prefix is proven only for the version uploaded").isEqualTo(old);
        assertThat(c.trustGrowth()).isFalse();
        assertThat(find(log, true).orElseThrow().trustGrowth()).as("append-only").isTrue();
    }

    @Test
    void aFileThatShrankOrWasReplacedHasNoOwnCandidate() throws Exception {
        Path log = file("app.log", 200_000);
        uploaded(log);
        Files.write(log, new byte[1000]);   // copytruncate's truncate, then a little
        assertThat(find(log, false)).isEmpty();

        Path other = file("other", 300_000);
        Files.move(other, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(find(log, false)).as("a new inode is another file, even if larger").isEmpty();
    }

    @Test
    void aRenamedFileReusesTheObjectOfItsOldPathWithoutReadingIt() throws Exception {
        Path log = file("app.log", 150_000);
        FileIdentity version = uploaded(log);
        Path rotated = Files.move(log, folder.resolve("app.log.1"));

        ReuseCandidate c = find(rotated, false).orElseThrow();
        assertThat(c.key()).isEqualTo("logs/app.log");
        assertThat(c.size()).isEqualTo(150_000);
        assertThat(c.provenFor()).isEqualTo(version);
    }

    @Test
    void aCopyWhoseSizeAndCrcMatchAnUploadedObjectReusesIt() throws Exception {
        Path log = file("app.log", 150_000);
        uploaded(log);
        Path copy = Files.copy(log, folder.resolve("app.log.1"));   // copytruncate's copy: a new inode

        ReuseCandidate c = find(copy, false).orElseThrow();
        assertThat(c.key()).isEqualTo("logs/app.log");
        assertThat(c.provenFor()).isEqualTo(FileIdentity.read(copy));
    }

    @Test
    void aFileOfTheSameSizeWithOtherBytesReusesNothing() throws Exception {
        uploaded(file("app.log", 150_000));
        assertThat(find(file("unrelated.log", 150_000), false)).isEmpty();
    }

    @Test
    void smallFilesAreNotComparedByContent() throws Exception {
        Path log = file("small.log", 1000);
        uploaded(log);
        Path copy = Files.copy(log, folder.resolve("small.log.1"));
        assertThat(find(copy, false)).as("under 100 KiB a copy is not worth a read").isEmpty();
    }

    @Test
    void anObjectInAnotherBucketIsNeverACandidate() throws Exception {
        Path log = file("app.log", 150_000);
        uploaded(log);
        Path rotated = Files.move(log, folder.resolve("app.log.1"));
        FileIdentity identity = FileIdentity.read(rotated);
        assertThat(new ReuseSources(ledger, "other").find(rotated, identity, Optional.empty(), false)).isEmpty();
    }

    @Test
    void aRenamedFileThatGrewSinceReusesItsOldPathsObjectButIsAlwaysRead() throws Exception {
        Path log = file("app.log", 150_000);
        FileIdentity old = uploaded(log);
        Path rotated = Files.move(log, folder.resolve("app.log.1"));
        Files.write(rotated, new byte[4096], StandardOpenOption.APPEND);   // the writer still had it open

        ReuseCandidate c = find(rotated, true).orElseThrow();
        assertThat(c.key()).isEqualTo("logs/app.log");
        assertThat(c.size()).isEqualTo(150_000);
        assertThat(c.provenFor()).isEqualTo(old);
        assertThat(c.trustGrowth()).as("an inode may have been reused: read even when append-only").isFalse();
    }
}
