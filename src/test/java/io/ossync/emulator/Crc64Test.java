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

    @Test
    void combineAgreesWithSquareAndMultiplyForEveryLengthBit() {
        // Lengths far beyond what can be computed directly (up to 2^62 bytes), every bit position.
        Random random = new Random(11);
        for (int bit = 0; bit < 63; bit++) {
            long a = random.nextLong();
            long b = random.nextLong();
            long length = (1L << bit) | (random.nextLong() & ((1L << bit) - 1));
            assertThat(Crc64.combine(a, b, length)).as("length %d", length)
                    .isEqualTo(squareAndMultiplyCombine(a, b, length));
        }
        assertThat(Crc64.combine(7, 0, 0)).isEqualTo(7);
    }

    /** zlib's crc32_combine carried to 64 bits, squaring the operator anew on every call: the slow reference. */
    private static long squareAndMultiplyCombine(long crcA, long crcB, long lengthB) {
        long[] even = new long[64];
        long[] odd = new long[64];
        odd[0] = 0xC96C5795D7870F42L;
        long row = 1;
        for (int n = 1; n < 64; n++) {
            odd[n] = row;
            row <<= 1;
        }
        gf2Square(even, odd);
        gf2Square(odd, even);
        long a = crcA;
        long len = lengthB;
        do {
            gf2Square(even, odd);
            if ((len & 1) != 0) {
                a = gf2Times(even, a);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            gf2Square(odd, even);
            if ((len & 1) != 0) {
                a = gf2Times(odd, a);
            }
            len >>>= 1;
        } while (len != 0);
        return a ^ crcB;
    }

    private static long gf2Times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void gf2Square(long[] square, long[] matrix) {
        for (int n = 0; n < 64; n++) {
            square[n] = gf2Times(matrix, matrix[n]);
        }
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
