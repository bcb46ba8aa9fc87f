package io.ossync.emulator;

import java.util.Map;

/**
 * The OSS errors the emulator answers with: code, HTTP status and message as the OSS API reference
 * gives them. EC values taken from OSS's own documentation or error answers: 0002-00000206,
 * 0002-00000213, 0002-00000226, 0002-00000227, 0017-00000502, 0026-00000001, 0015-00000101,
 * 0003-00000001. The others follow the same numbering but are the emulator's best guess; no client
 * should branch on an EC anyway (they are for humans reading a support page).
 */
final class OssErrors {
    private OssErrors() {
    }

    static OssException accessDenied(String message) {
        return new OssException(403, "AccessDenied", message, "0003-00000001");
    }

    static OssException invalidAccessKeyId(String accessKeyId) {
        return new OssException(403, "InvalidAccessKeyId",
                "The OSS Access Key Id you provided does not exist in our records.", "0002-00000902",
                Map.of("OSSAccessKeyId", accessKeyId));
    }

    static OssException invalidSecurityToken() {
        return new OssException(403, "InvalidSecurityToken",
                "The security token you provided is invalid.", "0002-00000031");
    }

    /** An STS request (it carries a token) whose key id STS never issued: help/en/oss/support/0002-00000002. */
    static OssException stsAccessKeyIdUnknown(String accessKeyId) {
        return new OssException(403, "InvalidAccessKeyId",
                "The OSS Access Key Id you provided does not exist in our records.", "0002-00000002",
                Map.of("OSSAccessKeyId", accessKeyId));
    }

    /** An issued key with a token other than the one issued with it: help/en/oss/support/0002-00000004. */
    static OssException securityTokenMismatch() {
        return new OssException(403, "InvalidSecurityToken",
                "The security token you provided is invalid.", "0002-00000004");
    }

    /** An issued key past its expiration: help/en/oss/support/0002-00000007, as OSS answers it. */
    static OssException securityTokenExpired() {
        return new OssException(403, "SecurityTokenExpired",
                "The security token you provided has expired.", "0002-00000007");
    }

    static OssException signatureDoesNotMatch(String accessKeyId, String signatureProvided,
                                              String stringToSign, String canonicalRequest) {
        // OSS returns what it signed so a client author can compare; the secret never appears.
        java.util.LinkedHashMap<String, String> details = new java.util.LinkedHashMap<>();
        details.put("OSSAccessKeyId", accessKeyId);
        details.put("SignatureProvided", signatureProvided);
        details.put("StringToSign", stringToSign);
        details.put("CanonicalRequest", canonicalRequest);
        return new OssException(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                        + "Check your key and signing method.", "0002-00000228", details);
    }

    static OssException authorizationInvalid(String why) {
        return new OssException(400, "InvalidArgument", "Authorization header is invalid. " + why,
                "0002-00000063");
    }

    static OssException credentialInvalid() {
        return new OssException(400, "InvalidArgument", "Invalid credential in Authorization header.",
                "0002-00000213");
    }

    static OssException accessKeyIdInvalid() {
        return new OssException(400, "InvalidArgument",
                "Invalid AccessKeyId in Credential of Authorization header.", "0002-00000206");
    }

    static OssException signingRegionInvalid() {
        return new OssException(400, "InvalidArgument", "Invalid signing region in Authorization header.",
                "0002-00000226");
    }

    static OssException signingProductInvalid() {
        return new OssException(400, "InvalidArgument", "Invalid signing product in Authorization header.",
                "0002-00000227");
    }

    static OssException signingDateInvalid(String why) {
        return new OssException(400, "InvalidArgument", why, "0002-00000225");
    }

    static OssException requestTimeTooSkewed(String requestTime, String serverTime) {
        return new OssException(403, "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large.", "0002-00000504",
                Map.of("RequestTime", requestTime, "ServerTime", serverTime));
    }

    static OssException noSuchBucket(String bucket) {
        return new OssException(404, "NoSuchBucket", "The specified bucket does not exist.", "0015-00000101",
                Map.of("BucketName", bucket));
    }

    static OssException invalidBucketName(String bucket) {
        return new OssException(400, "InvalidBucketName", "The specified bucket is not valid.", "0015-00000001",
                Map.of("BucketName", bucket));
    }

    static OssException noSuchKey(String key) {
        return new OssException(404, "NoSuchKey", "The specified key does not exist.", "0026-00000001",
                Map.of("Key", key));
    }

    static OssException noSuchUpload(String uploadId) {
        return new OssException(404, "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have "
                        + "been aborted or completed.", "0042-00000002", Map.of("UploadId", uploadId));
    }

    static OssException invalidObjectName(String why) {
        return new OssException(400, "InvalidObjectName", why, "0016-00000005");
    }

    static OssException invalidArgument(String message, String name, String value, String ec) {
        return new OssException(400, "InvalidArgument", message, ec,
                Map.of("ArgumentName", name, "ArgumentValue", value));
    }

    static OssException invalidPartNumber(String value) {
        return invalidArgument("Part number must be an integer between 1 and 10000, inclusive.",
                "partNumber", value, "0042-00000101");
    }

    static OssException invalidDigest(String contentMd5) {
        return new OssException(400, "InvalidDigest", "The Content-MD5 you specified was invalid.",
                "0017-00000502", Map.of("Content-MD5", contentMd5));
    }

    static OssException digestMismatch(String contentMd5, String calculated) {
        return new OssException(400, "InvalidDigest", "The Content-MD5 you specified was invalid.",
                "0017-00000501", Map.of("Content-MD5", contentMd5, "CalculatedContentMD5", calculated));
    }

    static OssException entityTooLarge(long size, long max) {
        return new OssException(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.",
                "0017-00000101", Map.of("ProposedSize", Long.toString(size), "MaxSizeAllowed", Long.toString(max)));
    }

    static OssException entityTooSmall(int partNumber, long size, long min) {
        return new OssException(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.",
                "0042-00000210", Map.of("PartNumber", Integer.toString(partNumber),
                "ProposedSize", Long.toString(size), "MinSizeAllowed", Long.toString(min)));
    }

    static OssException invalidPartOrder() {
        return new OssException(400, "InvalidPartOrder",
                "The list of parts was not in ascending order. The parts list must be specified in order "
                        + "by part number.", "0042-00000209");
    }

    static OssException invalidPart(int partNumber, String etag) {
        return new OssException(400, "InvalidPart",
                "One or more of the specified parts could not be found or the specified entity tag might "
                        + "not have matched the part's entity tag.", "0042-00000208",
                Map.of("PartNumber", Integer.toString(partNumber), "ETag", etag));
    }

    static OssException malformedXml(String why) {
        return new OssException(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema. "
                        + why, "0042-00000204");
    }

    static OssException missingContentLength() {
        return new OssException(411, "MissingContentLength", "You must provide the Content-Length HTTP header.",
                "0017-00000201");
    }

    static OssException invalidRange(String range, long size) {
        return new OssException(416, "InvalidRange", "The requested range cannot be satisfied.", "0026-00000301",
                Map.of("RangeRequested", range, "ActualObjectSize", Long.toString(size)));
    }

    static OssException preconditionFailed(String condition) {
        return new OssException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.",
                "0026-00000011", Map.of("Condition", condition));
    }

    static OssException fileAlreadyExists(String key) {
        return new OssException(409, "FileAlreadyExists", "The object you specified already exists and can not "
                + "be overwritten.", "0017-00000801", Map.of("Key", key));
    }

    static OssException notImplemented(String what) {
        return new OssException(501, "NotImplemented", "The emulator does not implement " + what + ".",
                "0000-00000000");
    }

    static OssException methodNotAllowed(String method) {
        return new OssException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                "0000-00000001", Map.of("Method", method));
    }

    static OssException internalError(String why) {
        return new OssException(500, "InternalError", "We encountered an internal error. Please try again. " + why,
                "0000-00000500");
    }

    static OssException injected(int status, String code) {
        return new OssException(status, code, "Fault injected by the emulator.", "0000-00000999");
    }
}
