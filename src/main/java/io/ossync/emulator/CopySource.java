package io.ossync.emulator;

/**
 * The object a CopyObject or UploadPartCopy reads, from its {@code x-oss-copy-source} header:
 * {@code /bucket/key} with the key URL-encoded (the SDKs encode every byte but the unreserved ones,
 * '/' included). Decoded strictly: a broken escape or bytes that are not UTF-8 are refused, never
 * guessed at. A version ({@code ?versionId=}) is not served: the emulator keeps no versions.
 */
record CopySource(String bucket, String key) {
    static final String HEADER = "x-oss-copy-source";

    /**
     * @param ec the EC OSS gives a bad header for this operation (it documents 0016-00000305 for
     *           CopyObject, 0042-00000301 for UploadPartCopy)
     */
    static CopySource parse(String header, String ec) throws OssException {
        if (header == null || !header.startsWith("/")) {
            throw invalid(header, ec);
        }
        if (header.indexOf('?') >= 0) {
            throw OssErrors.notImplemented("copying a version of an object (versionId in x-oss-copy-source)");
        }
        String rest = header.substring(1);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw invalid(header, ec);
        }
        String bucket = rest.substring(0, slash);
        if (!RequestTarget.isValidBucketName(bucket)) {
            throw OssErrors.invalidBucketName(bucket);
        }
        try {
            return new CopySource(bucket, UrlCodec.decode(rest.substring(slash + 1), false));
        } catch (IllegalArgumentException e) {
            throw invalid(header, ec);
        }
    }

    private static OssException invalid(String header, String ec) {
        return OssErrors.invalidArgument("Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.",
                HEADER, String.valueOf(header), ec);
    }
}
