package io.ossync.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.carrotsearch.hppc.LongHashSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private static final FileIdentity V = new FileIdentity(1_000, 1_763_627_400_123_456_789L, "(dev=803,ino=42)");

    @Test
    void equalPathsAndVersionsGiveEqualFingerprints() {
        assertThat(Fingerprints.path(Path.of("/data/logs/a.log")))
                .isEqualTo(Fingerprints.path(Path.of("/data/logs").resolve("a.log")));
        assertThat(Fingerprints.identity(V))
                .isEqualTo(Fingerprints.identity(new FileIdentity(1_000, V.mtimeNanos(), "(dev=803,ino=42)")));
        assertThat(Fingerprints.identity(new FileIdentity(0, 0, null)))
                .isEqualTo(Fingerprints.identity(new FileIdentity(0, 0, null)));
    }

    @Test
    void eachFieldOfAVersionChangesItsFingerprint() {
        long v = Fingerprints.identity(V);
        assertThat(Fingerprints.identity(new FileIdentity(1_001, V.mtimeNanos(), V.fileKey()))).as("size").isNotEqualTo(v);
        assertThat(Fingerprints.identity(new FileIdentity(1_000, V.mtimeNanos() + 1, V.fileKey()))).as("mtime ns")
                .isNotEqualTo(v);
        assertThat(Fingerprints.identity(new FileIdentity(1_000, V.mtimeNanos(), "(dev=803,ino=43)"))).as("file key")
                .isNotEqualTo(v);
        assertThat(Fingerprints.identity(new FileIdentity(1_000, V.mtimeNanos(), null))).as("no file key")
                .isNotEqualTo(v);
        // size and mtime are not interchangeable
        assertThat(Fingerprints.identity(new FileIdentity(5, 7, null)))
                .isNotEqualTo(Fingerprints.identity(new FileIdentity(7, 5, null)));
    }

    @Test
    void pathsOfOneLengthThatDifferInOneCharacterNeverCollide() {
        String base = "/srv/backups/2026/12/07/host-17/part-000.bin";
        LongHashSet seen = new LongHashSet();
        int variants = 0;
        for (int i = 0; i < base.length(); i++) {
            for (char c = ' '; c < 0x250; c++) {
                if (c != base.charAt(i)) {
                    String s = base.substring(0, i) + c + base.substring(i + 1);
                    assertThat(seen.add(Fingerprints.string(s))).as(s).isTrue();
                    variants++;
                }
            }
        }
        assertThat(seen.size()).isEqualTo(variants).isGreaterThan(20_000);
    }

    @Test
    void aTreeOfAMillionShapedPathsHasNoCollision() {
        LongHashSet seen = new LongHashSet(1_000_000);
        for (int d = 0; d < 1_000; d++) {
            for (int f = 0; f < 1_000; f++) {
                seen.add(Fingerprints.path(Path.of("/data/d" + d + "/f" + f + ".txt")));
            }
        }
        assertThat(seen.size()).isEqualTo(1_000_000);
    }

    @Test
    void aStringAndItsExtensionByAZeroCharacterDiffer() {
        assertThat(Fingerprints.string("a")).isNotEqualTo(Fingerprints.string("a\0"));
        assertThat(Fingerprints.string("")).isNotEqualTo(Fingerprints.string("\0"));
    }
}
