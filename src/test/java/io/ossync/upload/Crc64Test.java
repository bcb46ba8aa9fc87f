package io.ossync.upload;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {

    @Test
    void checkValueOfCrc64Xz() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x995DC9BBDF1939FAL);
    }

    @Test
    void emptyIsZero() {
        assertThat(Crc64.of(new byte[0])).isZero();
        assertThat(new Crc64().value()).isZero();
    }

    @Test
    void slicedPathAgreesWithBitwiseReference() {
        Random random = new Random(42);
        for (int len : new int[]{1, 7, 8, 9, 15, 16, 17, 63, 64, 1000, 4099}) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            assertThat(Crc64.of(data)).as("length %d", len).isEqualTo(bitwise(data));
        }
    }

    /** The definition, one bit at a time: independent of the tables. */
    private static long bitwise(byte[] data) {
        long crc = ~0L;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void incrementalUpdatesInAnyPiecesGiveTheSameValue() {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        long whole = Crc64.of(data);

        Crc64 pieces = new Crc64();
        Random cuts = new Random(8);
        int i = 0;
        while (i < data.length) {
            int n = Math.min(data.length - i, cuts.nextInt(40));
            pieces.update(data, i, n);
            i += n;
        }
        assertThat(pieces.value()).isEqualTo(whole);

        Crc64 bytes = new Crc64();
        for (byte b : data) {
            bytes.update(b);
        }
        assertThat(bytes.getValue()).isEqualTo(whole);
    }

    @Test
    void byteBuffersHeapAndDirectAreConsumed() {
        byte[] data = new byte[200_000];
        new Random(9).nextBytes(data);
        long whole = Crc64.of(data);

        ByteBuffer heap = ByteBuffer.wrap(data, 10, 5000).slice();
        Crc64 c = new Crc64();
        c.update(heap);
        assertThat(heap.hasRemaining()).isFalse();
        byte[] sub = new byte[5000];
        System.arraycopy(data, 10, sub, 0, 5000);
        assertThat(c.value()).isEqualTo(Crc64.of(sub));

        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        Crc64 d = new Crc64();
        d.update(direct);
        assertThat(direct.position()).isEqualTo(data.length);
        assertThat(d.value()).isEqualTo(whole);
    }

    @Test
    void resetStartsOver() {
        Crc64 c = new Crc64();
        c.update(new byte[]{1, 2, 3}, 0, 3);
        c.reset();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9);
        assertThat(c.value()).isEqualTo(0x995DC9BBDF1939FAL);
    }

    @Test
    void combineEqualsTheCrcOfTheConcatenation() {
        Random random = new Random(123);
        byte[] data = new byte[50_000];
        random.nextBytes(data);
        for (int trial = 0; trial < 200; trial++) {
            int len = random.nextInt(data.length + 1);
            int split = trial % 10 == 0 ? len : random.nextInt(len + 1); // every tenth: len2 = 0
            long crc1 = crc(data, 0, split);
            long crc2 = crc(data, split, len - split);
            assertThat(Crc64.combine(crc1, crc2, len - split))
                    .as("len %d split %d", len, split)
                    .isEqualTo(crc(data, 0, len));
        }
    }

    @Test
    void combineFoldsManyPartsLikeAFile() {
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        int partSize = 100 * 1024;
        long combined = 0;
        for (int off = 0; off < data.length; off += partSize) {
            int n = Math.min(partSize, data.length - off);
            combined = Crc64.combine(combined, crc(data, off, n), n);
        }
        assertThat(combined).isEqualTo(Crc64.of(data));
    }

    @Test
    void combineAgreesWithZeroBytesAppendedForLargeLengths() {
        // CRC(A + n zero bytes) = combine(CRC(A), CRC(n zero bytes), n): checks the high powers of x.
        byte[] a = "123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] zeros = new byte[1 << 16];
        for (long n : new long[]{1, 8, 255, 4096, 65_536, 3 * 65_536 + 5, 8L * 1024 * 1024 + 1}) {
            Crc64 whole = new Crc64();
            whole.update(a, 0, a.length);
            Crc64 zeroOnly = new Crc64();
            for (long left = n; left > 0; left -= Math.min(left, zeros.length)) {
                int chunk = (int) Math.min(left, zeros.length);
                whole.update(zeros, 0, chunk);
                zeroOnly.update(zeros, 0, chunk);
            }
            assertThat(Crc64.combine(Crc64.of(a), zeroOnly.value(), n)).as("n = %d", n).isEqualTo(whole.value());
        }
    }

    @Test
    void combineTakesLengthsUpToTheLargestObject() {
        long big = 10_000L * 5 * 1024 * 1024 * 1024;
        // Associativity ties a huge length to smaller ones: CRC(A+B+C) either way round.
        long a = 0x1234_5678_9ABC_DEF0L;
        long b = 0x0FED_CBA9_8765_4321L;
        long c = 0x1111_2222_3333_4444L;
        long left = Crc64.combine(Crc64.combine(a, b, big), c, big);
        long right = Crc64.combine(a, Crc64.combine(b, c, big), 2 * big);
        assertThat(left).isEqualTo(right);
        assertThat(Crc64.combine(a, b, Long.MAX_VALUE)).isNotEqualTo(Crc64.combine(a, b, Long.MAX_VALUE - 1));
    }

    @Test
    void combineWithAnEmptyFirstPieceIsTheSecond() {
        assertThat(Crc64.combine(0, 0x995DC9BBDF1939FAL, 9)).isEqualTo(0x995DC9BBDF1939FAL);
    }

    private static long crc(byte[] data, int off, int len) {
        Crc64 c = new Crc64();
        c.update(data, off, len);
        return c.value();
    }
}
