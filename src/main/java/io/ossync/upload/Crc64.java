package io.ossync.upload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * CRC-64/XZ, the checksum OSS reports as {@code x-oss-hash-crc64ecma}: the ECMA-182 polynomial,
 * reflected, initial value and final XOR all ones ({@code "123456789"} gives
 * {@code 0x995DC9BBDF1939FA}). Table-driven, eight bytes a step (slicing-by-8).
 *
 * <p>{@link #combine(long, long, long)} gives the CRC of a concatenation from the CRCs of its
 * pieces, so the CRC of a whole file follows from the CRCs of its parts without reading it again.
 *
 * <p>An instance is not thread-safe; use one per stream.
 */
public final class Crc64 implements Checksum {

    /** ECMA-182 polynomial 0x42F0E1EBA9EA3693, bit-reversed. */
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] TABLES = tables();
    private static final long[] X2N = x2nTable();
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The running CRC in its final (XORed) form, so that {@link #value()} is a plain read. */
    private long crc;

    public Crc64() {
        crc = 0;
    }

    /** The CRC-64/XZ of {@code bytes}. */
    public static long of(byte[] bytes) {
        Crc64 c = new Crc64();
        c.update(bytes, 0, bytes.length);
        return c.value();
    }

    private static long[][] tables() {
        long[][] t = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            t[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            for (int k = 1; k < 8; k++) {
                long prev = t[k - 1][n];
                t[k][n] = (prev >>> 8) ^ t[0][(int) (prev & 0xFF)];
            }
        }
        return t;
    }

    @Override
    public void update(int b) {
        long c = ~crc;
        c = (c >>> 8) ^ TABLES[0][(int) ((c ^ b) & 0xFF)];
        crc = ~c;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        long c = ~crc;
        int i = offset;
        int end = offset + length;
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        for (; end - i >= 8; i += 8) {
            c ^= (long) LONG_LE.get(bytes, i);
            c = t7[(int) (c & 0xFF)] ^ t6[(int) ((c >>> 8) & 0xFF)]
                    ^ t5[(int) ((c >>> 16) & 0xFF)] ^ t4[(int) ((c >>> 24) & 0xFF)]
                    ^ t3[(int) ((c >>> 32) & 0xFF)] ^ t2[(int) ((c >>> 40) & 0xFF)]
                    ^ t1[(int) ((c >>> 48) & 0xFF)] ^ t0[(int) (c >>> 56)];
        }
        for (; i < end; i++) {
            c = (c >>> 8) ^ t0[(int) ((c ^ bytes[i]) & 0xFF)];
        }
        crc = ~c;
    }

    /** Consumes the buffer's remaining bytes (its position moves to its limit). */
    @Override
    public void update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int pos = buffer.position();
            update(buffer.array(), buffer.arrayOffset() + pos, buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        byte[] chunk = new byte[Math.min(buffer.remaining(), 64 * 1024)];
        while (buffer.hasRemaining()) {
            int n = Math.min(chunk.length, buffer.remaining());
            buffer.get(chunk, 0, n);
            update(chunk, 0, n);
        }
    }

    /** The CRC-64/XZ of the bytes so far (0 for none). */
    public long value() {
        return crc;
    }

    @Override
    public long getValue() {
        return crc;
    }

    @Override
    public void reset() {
        crc = 0;
    }

    /**
     * The CRC-64/XZ of {@code A + B} from {@code crc1} = CRC(A), {@code crc2} = CRC(B) and
     * {@code len2} = the length of B in bytes. Carrying CRC(A) through {@code len2} zero bytes is a
     * multiplication by x^(8·len2) modulo the polynomial in GF(2), built from a table of x^(2^n)
     * as zlib (1.2.12 and later) does it: O(log len2), a few microseconds.
     */
    public static long combine(long crc1, long crc2, long len2) {
        if (len2 < 0) {
            throw new IllegalArgumentException("length cannot be negative: " + len2);
        }
        return multiplyModP(xPower8n(len2), crc1) ^ crc2;
    }

    /** x^(8n) mod P, reflected: bit 63 is x^0. */
    private static long xPower8n(long n) {
        long p = 1L << 63; // x^0
        int k = 3;         // x^(2^3) = x^8: one byte
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiplyModP(X2N[k], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    /** a·b mod P, both reflected (bit 63 is x^0). */
    private static long multiplyModP(long a, long b) {
        long product = 0;
        for (long m = 1L << 63; m != 0; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

    /**
     * X2N[n] = x^(2^n) mod P, reflected. A length has at most 63 bits and starts at n = 3 (bytes),
     * so n stays below 67: no wrap-around, hence no reliance on the order of P.
     */
    private static long[] x2nTable() {
        long[] table = new long[67];
        long p = 1L << 62; // x^1
        table[0] = p;
        for (int n = 1; n < table.length; n++) {
            p = multiplyModP(p, p);
            table[n] = p;
        }
        return table;
    }
}
