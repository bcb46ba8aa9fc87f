package io.ossync.emulator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CRC-64/XZ (also called CRC-64/ECMA-182 reflected, the {@code x-oss-hash-crc64ecma} of OSS):
 * polynomial 0x42F0E1EBA9EA3693 reflected (0xC96C5795D7870F42), initial value and final xor all
 * ones. Table-driven, slicing-by-8, so it keeps up with loopback uploads.
 *
 * <p>An instance accumulates one running value and is not thread-safe; the static helpers are pure.
 * Written from the algorithm's definition, independently of any OSS SDK, so a CRC bug on the client
 * side cannot hide behind the same bug here.
 */
public final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] TABLES = buildTables();
    private static final long[][] ZERO_BYTES = zeroBytesOperators();
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The running value, kept in final (post-xor) form so that {@link #value()} is a plain read. */
    private long crc;

    public Crc64() {
        this(0L);
    }

    /** Continues from a CRC already computed over earlier bytes. */
    public Crc64(long initial) {
        this.crc = initial;
    }

    public Crc64 update(byte[] bytes, int offset, int length) {
        crc = update(crc, bytes, offset, length);
        return this;
    }

    public Crc64 update(byte[] bytes) {
        return update(bytes, 0, bytes.length);
    }

    public long value() {
        return crc;
    }

    /** The CRC of {@code bytes}. */
    public static long of(byte[] bytes) {
        return update(0L, bytes, 0, bytes.length);
    }

    /** Continues {@code crc} (the CRC of earlier bytes, 0 for none) over more bytes. */
    public static long update(long crc, byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " size=" + b.length);
        }
        long c = ~crc;
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long x = c ^ (long) LONG_LE.get(b, i);
            c = t7[(int) (x & 0xff)]
                    ^ t6[(int) ((x >>> 8) & 0xff)]
                    ^ t5[(int) ((x >>> 16) & 0xff)]
                    ^ t4[(int) ((x >>> 24) & 0xff)]
                    ^ t3[(int) ((x >>> 32) & 0xff)]
                    ^ t2[(int) ((x >>> 40) & 0xff)]
                    ^ t1[(int) ((x >>> 48) & 0xff)]
                    ^ t0[(int) (x >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t0[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
            i++;
        }
        return ~c;
    }

    /** Continues {@code crc} over the remaining bytes of {@code buffer}, consuming them. */
    public static long update(long crc, ByteBuffer buffer) {
        if (buffer.hasArray()) {
            long result = update(crc, buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return result;
        }
        byte[] scratch = new byte[Math.min(buffer.remaining(), 64 * 1024)];
        long result = crc;
        while (buffer.hasRemaining()) {
            int n = Math.min(scratch.length, buffer.remaining());
            buffer.get(scratch, 0, n);
            result = update(result, scratch, 0, n);
        }
        return result;
    }

    /**
     * The CRC of A followed by B, from crc(A), crc(B) and the length of B: how the CRC of a multipart
     * object follows from the CRCs of its parts without reading them again (zlib's crc32_combine,
     * carried to 64 bits: crc(A) is multiplied by x^(8*lenB) in GF(2), one precomputed matrix per set
     * bit of lenB, see {@link #ZERO_BYTES}). A few microseconds whatever the length, so a Complete
     * of 10,000 parts costs milliseconds.
     */
    public static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("negative length " + lengthB);
        }
        if (lengthB == 0) {
            return crcA;
        }
        long a = crcA;
        long len = lengthB;
        for (int k = 0; len != 0; k++, len >>>= 1) {
            if ((len & 1) != 0) {
                a = times(ZERO_BYTES[k], a);
            }
        }
        return a ^ crcB;
    }

    /**
     * ZERO_BYTES[k] is the GF(2) matrix (64 columns) that carries a CRC register through 2^k zero
     * bytes: the first is eight one-bit shifts, each next one the square of the one before. The
     * powers of one operator commute, so they may be applied in any order.
     */
    private static long[][] zeroBytesOperators() {
        long[] oneBit = new long[64];
        oneBit[0] = POLY;
        long row = 1;
        for (int n = 1; n < 64; n++) {
            oneBit[n] = row;
            row <<= 1;
        }
        long[] twoBits = new long[64];
        long[] fourBits = new long[64];
        square(twoBits, oneBit);
        square(fourBits, twoBits);
        long[][] ops = new long[64][64];
        square(ops[0], fourBits);
        for (int k = 1; k < 64; k++) {
            square(ops[k], ops[k - 1]);
        }
        return ops;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        int i = 0;
        long v = vector;
        while (v != 0) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
            v >>>= 1;
            i++;
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < 64; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }

    /** The decimal unsigned form OSS writes in {@code x-oss-hash-crc64ecma}. */
    public static String toUnsignedString(long crc) {
        return Long.toUnsignedString(crc);
    }

    private static long[][] buildTables() {
        long[][] t = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            t[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = t[0][n];
            for (int k = 1; k < 8; k++) {
                c = t[0][(int) (c & 0xff)] ^ (c >>> 8);
                t[k][n] = c;
            }
        }
        return t;
    }
}
