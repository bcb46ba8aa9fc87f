package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules of copies: source header, ranges, preconditions, size limits. */
class EmulatorCopyRulesTest {
    private static final ObjectAttributes STANDARD = attributes("Standard", null);

    private static ObjectAttributes attributes(String storageClass, String sse) {
        return new ObjectAttributes("application/octet-stream", storageClass, sse, null, Map.of());
    }

    private static ObjectRecord object(String etag, long lastModifiedMillis) {
        return new ObjectRecord("k", 10, etag, 0, null, "Normal", lastModifiedMillis, STANDARD, List.of(), null);
    }

    @Test
    void copySourceIsBucketAndStrictlyDecodedKey() throws OssException {
        assertThat(CopySource.parse("/b-1/a%20b/%E6%97%A5%25%2B", "ec")).isEqualTo(new CopySource("b-1", "a b/日%+"));
        assertThat(CopySource.parse("/b-1/a/b", "ec")).isEqualTo(new CopySource("b-1", "a/b"));
        for (String bad : new String[] {null, "", "b-1/k", "/b-1", "/b-1/", "//k", "/b-1/%zz", "/b-1/%FF"}) {
            assertThatThrownBy(() -> CopySource.parse(bad, "0042-00000301")).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(OssException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.ec()).isEqualTo("0042-00000301");
                    });
        }
        assertThatThrownBy(() -> CopySource.parse("/b-1/k?versionId=1", "ec"))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.status()).isEqualTo(501));
    }

    @Test
    void rangesAreInclusiveAndEndInsideTheSource() throws OssException {
        assertThat(CopySourceRange.parse(null, 100)).isEqualTo(new CopySourceRange(0, 100));
        assertThat(CopySourceRange.parse(null, 0)).isEqualTo(new CopySourceRange(0, 0));
        assertThat(CopySourceRange.parse("bytes=0-9", 100)).isEqualTo(new CopySourceRange(0, 10));
        assertThat(CopySourceRange.parse("bytes=99-99", 100)).isEqualTo(new CopySourceRange(99, 1));
        assertThat(CopySourceRange.parse(" bytes=0-99 ", 100)).isEqualTo(new CopySourceRange(0, 100));
        assertThatThrownBy(() -> CopySourceRange.parse("bytes=0-100", 100))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.status()).isEqualTo(416));
        assertThatThrownBy(() -> CopySourceRange.parse("bytes=0-0", 0))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.code()).isEqualTo("InvalidRange"));
        for (String bad : new String[] {"bytes=10-9", "bytes=0-", "bytes=-1", "bytes 0-1", "bytes=99999999999999999999-1"}) {
            assertThatThrownBy(() -> CopySourceRange.parse(bad, 100)).as(bad)
                    .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
        }
    }

    @Test
    void preconditionsCompareEtagsWithoutQuotesOrCaseAndDatesBySecond() throws OssException {
        ObjectRecord src = object("\"ABCDEF\"", 1_700_000_000_500L);
        new CopyConditions("abcdef", null, null, null).check(src);
        new CopyConditions("\"x\", \"ABCDEF\"", null, null, null).check(src);
        new CopyConditions(null, "\"other\"", null, null).check(src);
        String second = ObjectHeaders.httpDate(1_700_000_000_000L);
        String before = ObjectHeaders.httpDate(1_699_999_999_000L);
        new CopyConditions(null, null, before, second).check(src);
        new CopyConditions(null, null, "not a date", "not a date").check(src);
        for (CopyConditions failing : List.of(new CopyConditions("\"x\"", null, null, null),
                new CopyConditions(null, "ABCDEF", null, null), new CopyConditions(null, null, second, null),
                new CopyConditions(null, null, null, before))) {
            assertThatThrownBy(() -> failing.check(src)).as(failing.toString())
                    .isInstanceOfSatisfying(OssException.class, e -> {
                        assertThat(e.status()).isEqualTo(412);
                        assertThat(e.code()).isEqualTo("PreconditionFailed");
                    });
        }
    }

    @Test
    void sizeLimitsAtTheirBoundaries() throws OssException {
        CopyLimits.checkCopyObject(STANDARD, attributes("IA", null), CopyLimits.GIB);
        assertThatThrownBy(() -> CopyLimits.checkCopyObject(STANDARD, attributes("IA", null), CopyLimits.GIB + 1))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.code()).isEqualTo("EntityTooLarge"));
        assertThatThrownBy(() -> CopyLimits.checkCopyObject(STANDARD, attributes("Standard", "AES256"),
                CopyLimits.GIB + 1)).isInstanceOf(OssException.class);
        CopyLimits.checkCopyObject(STANDARD, STANDARD, 5 * CopyLimits.GIB);
        assertThatThrownBy(() -> CopyLimits.checkCopyObject(STANDARD, STANDARD, 5 * CopyLimits.GIB + 1))
                .isInstanceOf(OssException.class);
        CopyLimits.checkPartCopy(5 * CopyLimits.GIB);
        assertThatThrownBy(() -> CopyLimits.checkPartCopy(5 * CopyLimits.GIB + 1))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void metadataDirectiveIsCopyOrReplace() throws OssException {
        assertThat(MetadataDirective.of(null)).isEqualTo(MetadataDirective.COPY);
        assertThat(MetadataDirective.of("replace")).isEqualTo(MetadataDirective.REPLACE);
        assertThatThrownBy(() -> MetadataDirective.of("MOVE"))
                .isInstanceOfSatisfying(OssException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
    }

    @Test
    void zerosCrcMatchesTheBytes() {
        assertThat(EmulatorLargeCopyTest.zerosCrc(0)).isZero();
        assertThat(EmulatorLargeCopyTest.zerosCrc(1000)).isEqualTo(Crc64.of(new byte[1000]));
        assertThat(EmulatorLargeCopyTest.zerosCrc(1 << 20)).isEqualTo(Crc64.of(new byte[1 << 20]));
    }
}
