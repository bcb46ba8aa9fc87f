package io.ossync.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileIdentityTest {

    @TempDir
    Path dir;

    @Test
    void readsSizeNanosecondMtimeAndInode() throws IOException {
        Path file = Files.write(dir.resolve("a.bin"), new byte[100]);
        Instant mtime = Instant.parse("2026-03-01T10:15:30.123456789Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));

        FileIdentity id = FileIdentity.read(file);

        assertThat(id.size()).isEqualTo(100);
        // The file system keeps at least microseconds here; nanoseconds on ext4/xfs/btrfs/tmpfs.
        assertThat(id.mtimeNanos() / 1000).isEqualTo(mtime.getEpochSecond() * 1_000_000 + 123456);
        assertThat(id.fileKey()).contains("ino=");
        assertThat(FileIdentity.read(file)).isEqualTo(id);
    }

    @Test
    void describesASizeAndTimeChange() throws IOException {
        Path file = Files.write(dir.resolve("a.bin"), new byte[100]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        FileIdentity before = FileIdentity.read(file);
        Files.write(file, new byte[120]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:05Z")));

        assertThat(before.differenceTo(FileIdentity.read(file))).hasValue(
                "size 100 -> 120, mtime changed (2026-01-01T00:00:00Z -> 2026-01-01T00:00:05Z)");
    }

    @Test
    void sameSizeAndTimeButAnotherInodeIsAReplacement() throws IOException {
        Path file = Files.write(dir.resolve("a.bin"), new byte[100]);
        FileTime time = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, time);
        FileIdentity before = FileIdentity.read(file);
        Path other = Files.write(dir.resolve("a.bin.tmp"), new byte[100]);
        Files.setLastModifiedTime(other, time);
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        FileIdentity after = FileIdentity.read(file);

        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.mtimeNanos()).isEqualTo(before.mtimeNanos());
        assertThat(before.differenceTo(after)).hasValueSatisfying(d ->
                assertThat(d).startsWith("file replaced (" + before.fileKey() + " -> " + after.fileKey() + ")"));
    }

    @Test
    void noDifferenceForTheSameVersion() {
        FileIdentity id = new FileIdentity(5, 1_000_000_123L, null);
        assertThat(id.differenceTo(new FileIdentity(5, 1_000_000_123L, null))).isEmpty();
        assertThat(id.differenceTo(new FileIdentity(5, 1_000_000_124L, null)))
                .hasValue("mtime changed (1970-01-01T00:00:01.000000123Z -> 1970-01-01T00:00:01.000000124Z)");
    }

    @Test
    void aMissingFileKeyIsNullNeverAnEmptyString() {
        assertThat(new FileIdentity(1, 2, null).fileKey()).isNull();
        assertThatThrownBy(() -> new FileIdentity(1, 2, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingFromAttributesGivesWhatReadGives() throws IOException {
        Path file = Files.write(dir.resolve("a.bin"), new byte[7]);
        assertThat(FileIdentity.of(Files.readAttributes(file, BasicFileAttributes.class)))
                .isEqualTo(FileIdentity.read(file));
    }

    @Test
    void followsSymbolicLinks() throws IOException {
        Path file = Files.write(dir.resolve("target.bin"), new byte[42]);
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), file);
        assertThat(FileIdentity.read(link)).isEqualTo(FileIdentity.read(file));
    }

    @Test
    void missingFilesAndDirectoriesAreIoErrors() {
        assertThatThrownBy(() -> FileIdentity.read(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> FileIdentity.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
    }
}
