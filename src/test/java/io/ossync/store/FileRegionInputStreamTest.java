package io.ossync.store;

import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The region stream hands out exactly the region's bytes, however it is read, rewound or skipped. */
class FileRegionInputStreamTest {

    private static final int BLOCK = 64 * 1024;

    private final ReadBuffers buffers = new ReadBuffers(BLOCK, 2);

    @TempDir
    Path tmp;

    private byte[] content;
    private Path file;

    private Path file(int size) throws IOException {
        file = TestFiles.random(tmp.resolve("f.bin"), size, 7);
        content = Files.readAllBytes(file);
        return file;
    }

    private byte[] region(long offset, long length) {
        return Arrays.copyOfRange(content, (int) offset, (int) (offset + length));
    }

    /** Reads to the end in chunks of {@code chunk} bytes (1: with read()). */
    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        while (true) {
            if (chunk == 1) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
            } else {
                int n = in.read(buf, 0, chunk);
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(buf, 0, n);
            }
        }
    }

    @Test
    void readsExactlyTheRegionInAnyChunkSize() throws IOException {
        file(3 * BLOCK + 12345);
        long[][] regions = {{0, content.length}, {1, BLOCK}, {BLOCK - 1, BLOCK + 2}, {1000, 2 * BLOCK + 7},
                {content.length - 10, 10}, {5, 0}};
        for (long[] r : regions) {
            for (int chunk : new int[]{1, 2048, BLOCK, 3 * BLOCK}) {
                try (InputStream in = FileRegionInputStream.open(file, r[0], r[1], buffers)) {
                    assertThat(readAll(in, chunk)).as("region %s+%s in chunks of %s", r[0], r[1], chunk)
                            .isEqualTo(region(r[0], r[1]));
                    assertThat(in.read()).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void resetReturnsToTheMarkAnywhereInTheRegion() throws IOException {
        file(2 * BLOCK + 999);
        long offset = 4096;
        long length = content.length - offset;
        try (InputStream in = FileRegionInputStream.open(file, offset, length, buffers)) {
            assertThat(in.markSupported()).isTrue();
            in.mark(1);
            byte[] first = in.readNBytes(BLOCK + 500); // past the first block and past the read limit
            in.reset();
            assertThat(readAll(in, 2048)).isEqualTo(region(offset, length));
            assertThat(first).isEqualTo(region(offset, BLOCK + 500));

            in.reset();
            in.skipNBytes(BLOCK + 3);
            in.mark(0);
            byte[] next = in.readNBytes(100);
            in.reset();
            assertThat(in.readNBytes(100)).isEqualTo(next).isEqualTo(region(offset + BLOCK + 3, 100));
        }
    }

    @Test
    void skipStaysInsideTheRegion() throws IOException {
        file(BLOCK + 100);
        try (InputStream in = FileRegionInputStream.open(file, 10, 1000, buffers)) {
            assertThat(in.read()).isEqualTo(content[10] & 0xFF);
            assertThat(in.skip(500)).isEqualTo(500);
            assertThat(in.read()).isEqualTo(content[511] & 0xFF);
            assertThat(in.skip(10_000)).isEqualTo(498);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.skip(1)).isZero();
        }
    }

    @Test
    void aFileShorterThanTheRegionFailsTheReadThatFindsItsEnd() throws IOException {
        file(1000);
        for (int chunk : new int[]{1, 2048}) {
            try (InputStream in = FileRegionInputStream.open(file, 900, 500, buffers)) {
                assertThat(in.readNBytes(100)).as("the bytes the file still has").isEqualTo(region(900, 100));
                assertThatThrownBy(() -> readAll(in, chunk)).isInstanceOf(FileShrankException.class)
                        .hasMessage("file ended at byte 1000, the bytes to send end at byte 1400")
                        .satisfies(e -> assertThat(((FileShrankException) e).endedAt()).isEqualTo(1000));
            }
        }
    }

    @Test
    void aFileTruncatedWhileItsRegionIsReadFailsTheNextRead() throws IOException {
        file(3 * BLOCK);
        try (InputStream in = FileRegionInputStream.open(file, BLOCK, 2 * BLOCK, buffers)) {
            assertThat(in.readNBytes(BLOCK)).isEqualTo(region(BLOCK, BLOCK));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(BLOCK + 10);
            }
            assertThatThrownBy(() -> readAll(in, 2048)).isInstanceOf(FileShrankException.class)
                    .hasMessage("file ended at byte " + (BLOCK + 10) + ", the bytes to send end at byte " + (3 * BLOCK));
        }
    }

    @Test
    void aReadErrorOfTheFileIsMarkedAsTheFilesNotTheEndpoints() throws IOException {
        // Reading the unmapped first page of this process's memory is a real EIO from read(2).
        Path eio = Path.of("/proc/self/mem");
        assumeTrue(Files.isReadable(eio), "no /proc/self/mem here");
        try (InputStream in = FileRegionInputStream.open(eio, 0, 4096, buffers)) {
            assertThatThrownBy(in::read).isInstanceOf(FileReadException.class)
                    .isNotInstanceOf(FileShrankException.class)
                    .hasMessageStartingWith("cannot read the file at byte 0: ")
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void aMissingFileFailsAsAFileInputStreamWould() {
        assertThatThrownBy(() -> FileRegionInputStream.open(tmp.resolve("nope"), 0, 10, buffers))
                .isInstanceOf(FileNotFoundException.class).hasMessageContaining("No such file");
        assertThat(buffers.idleCount()).as("no buffer taken for a file that cannot be opened").isZero();
    }

    @Test
    void theBufferGoesBackOnceOnCloseAndIsNotTouchedAfterwards() throws IOException {
        file(3 * BLOCK);
        InputStream first = FileRegionInputStream.open(file, 0, content.length, buffers);
        assertThat(first.readNBytes(100)).isEqualTo(region(0, 100));
        first.close();
        first.close();
        assertThat(buffers.idleCount()).isEqualTo(1);
        assertThatThrownBy(first::read).isInstanceOf(IOException.class).hasMessage("stream closed");
        assertThatThrownBy(() -> first.skip(10)).isInstanceOf(IOException.class);
        assertThatThrownBy(first::reset).isInstanceOf(IOException.class);

        // The next stream reuses the buffer and sees only its own bytes.
        try (InputStream second = FileRegionInputStream.open(file, BLOCK, BLOCK, buffers)) {
            assertThat(buffers.idleCount()).isZero();
            assertThat(readAll(second, 2048)).isEqualTo(region(BLOCK, BLOCK));
        }
        assertThat(buffers.idleCount()).isEqualTo(1);
    }
}
