package io.ossync.files;

import java.nio.file.Path;

/**
 * 64-bit fingerprints of paths and file versions, for the compact in-memory sets and maps that
 * must stay small at a million files (16 bytes a file instead of a {@link Path}, a
 * {@link FileIdentity} and a map node, about 290 bytes).
 *
 * <p>A path's fingerprint is FNV-1a over the UTF-16 characters of {@link Path#toString()}, then
 * MurmurHash3's 64-bit finaliser. FNV-1a's step {@code h = (h ^ c) * prime} is a bijection of
 * {@code h} for each character, so two strings of the same length that differ in one character
 * never collide; the finaliser spreads the bits for hash tables. A version's fingerprint mixes
 * size, mtime in nanoseconds and the file key's fingerprint the same way.
 *
 * <p>Not cryptographic: a collision is taken as improbable, not impossible (about n² / 2^65 for n
 * paths: 3e-8 at a million). Every user states what a collision would cost; none may cost a
 * deletion or a lost upload.
 */
public final class Fingerprints {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Fingerprints() {
    }

    /** The fingerprint of the path as this JVM spells it ({@link Path#toString()}). */
    public static long path(Path path) {
        return string(path.toString());
    }

    /** The fingerprint of a string's UTF-16 characters. */
    public static long string(CharSequence s) {
        long h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h ^ s.length());
    }

    /** The fingerprint of one version of a file: equal identities give equal fingerprints. */
    public static long identity(FileIdentity identity) {
        long h = FNV_OFFSET;
        h = (h ^ mix(identity.size())) * FNV_PRIME;
        h = (h ^ mix(identity.mtimeNanos())) * FNV_PRIME;
        h = (h ^ (identity.fileKey() == null ? 0 : string(identity.fileKey()))) * FNV_PRIME;
        return mix(h);
    }

    /** MurmurHash3's fmix64: a bijection of 64-bit values that spreads each input bit. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
