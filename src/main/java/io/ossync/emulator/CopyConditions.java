package io.ossync.emulator;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The {@code x-oss-copy-source-if-*} preconditions of a copy, checked against the source as it is
 * when the copy reads it: any that does not hold refuses the copy with 412 PreconditionFailed (OSS's
 * CopyObject and UploadPartCopy references: "otherwise 412 Precondition Failed", for each of the
 * four). ETags are compared without their quotes and case; a list (the SDK joins several with ", ")
 * matches when any of its ETags does. Dates are HTTP dates at one-second precision; one that
 * cannot be parsed is ignored, as HTTP servers treat a malformed conditional date.
 */
record CopyConditions(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {

    static CopyConditions of(Exchange ex) {
        return new CopyConditions(ex.header("x-oss-copy-source-if-match"), ex.header("x-oss-copy-source-if-none-match"),
                ex.header("x-oss-copy-source-if-modified-since"), ex.header("x-oss-copy-source-if-unmodified-since"));
    }

    void check(ObjectRecord source) throws OssException {
        if (ifMatch != null && !anyMatches(ifMatch, source.etag())) {
            throw OssErrors.preconditionFailed("x-oss-copy-source-if-match");
        }
        if (ifNoneMatch != null && anyMatches(ifNoneMatch, source.etag())) {
            throw OssErrors.preconditionFailed("x-oss-copy-source-if-none-match");
        }
        long modifiedSecond = Math.floorDiv(source.lastModifiedMillis(), 1000);
        Long since = epochSecond(ifModifiedSince);
        if (since != null && modifiedSecond <= since) {
            throw OssErrors.preconditionFailed("x-oss-copy-source-if-modified-since");
        }
        Long unmodifiedSince = epochSecond(ifUnmodifiedSince);
        if (unmodifiedSince != null && modifiedSecond > unmodifiedSince) {
            throw OssErrors.preconditionFailed("x-oss-copy-source-if-unmodified-since");
        }
    }

    private static boolean anyMatches(String list, String etag) {
        String wanted = CompletionPlan.normalize(etag);
        for (String candidate : list.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (!c.isEmpty() && CompletionPlan.normalize(c).equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static Long epochSecond(String httpDate) {
        if (httpDate == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(httpDate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
