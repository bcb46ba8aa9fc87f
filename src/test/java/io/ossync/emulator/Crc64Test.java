package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

    @Test
    void knownVectors() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x995DC9BBDF1939FAL);
        assertThat(Crc64.of(new byte[0])).isZero();
        assertThat(Crc64.toUnsignedString(0x995DC9BBDF1939FAL)).isEqualTo("11051210869376104954");
    }

    @Test
    void slicingByEightMatchesBitwiseDefinitionAtEveryLengthAndOffset() {
        byte[] data = new byte[300];
        new Random(7).nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len + off <= data.length; len += 13) {
                assertThat(Crc64.update(0, data, off, len)).as("off=%d len=%d", off, len)
                        .isEqualTo(bitwise(data, off, len));
            }
        }
    }

    @Test
    void incrementalUpdatesEqualOneShot() {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        Crc64 crc = new Crc64();
        crc.update(data, 0, 12_345).update(data, 12_345, 50_000).update(data, 62_345, data.length - 62_345);
        assertThat(crc.value()).isEqualTo(Crc64.of(data));
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        assertThat(Crc64.update(0, direct)).isEqualTo(Crc64.of(data));
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void combineEqualsCrcOfConcatenation() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] a = new byte[random.nextInt(5000)];
            byte[] b = new byte[random.nextInt(5000)];
            random.nextBytes(a);
            random.nextBytes(b);
            byte[] ab = new byte[a.length + b.length];
            System.arraycopy(a, 0, ab, 0, a.length);
            System.arraycopy(b, 0, ab, a.length, b.length);
            assertThat(Crc64.combine(Crc64.of(a), Crc64.of(b), b.length)).isEqualTo(Crc64.of(ab));
        }
    }

    @Test
    void combineOfManyPartsEqualsWholeObject() {
        byte[] whole = new byte[1 << 20];
        new Random(3).nextBytes(whole);
        long combined = 0;
        int partSize = 100 * 1024 + 17;
        for (int off = 0; off < whole.length; off += partSize) {
            int len = Math.min(partSize, whole.length - off);
            combined = Crc64.combine(combined, Crc64.update(0, whole, off, len), len);
        }
        assertThat(combined).isEqualTo(Crc64.of(whole));
    }

    /** The definition, one bit at a time: reflected polynomial, init and xorout all ones. */
    private static long bitwise(byte[] data, int off, int len) {
        long crc = ~0L;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
