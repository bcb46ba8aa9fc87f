package io.ossync.emulator;

/**
 * Which OSS operation a request is, from its method, target, query and (for a PUT) whether it names
 * a copy source, as the OSS REST API defines them: a PUT with {@code x-oss-copy-source} is
 * CopyObject, or UploadPartCopy when it also names a part. Shapes the emulator does not serve are refused with NotImplemented (or MethodNotAllowed),
 * never silently treated as something else.
 */
final class OperationResolver {
    private OperationResolver() {
    }

    static OssOperation resolve(String method, RequestTarget target, QueryParams query, boolean copySource)
            throws OssException {
        if (target.bucket() == null) {
            throw OssErrors.notImplemented("service-level operations (such as ListBuckets)");
        }
        if (target.key() == null) {
            return bucketOperation(method, query);
        }
        return objectOperation(method, query, copySource);
    }

    private static OssOperation bucketOperation(String method, QueryParams query) throws OssException {
        if (!method.equals("GET")) {
            throw OssErrors.notImplemented(method + " on a bucket");
        }
        if (query.has("uploads")) {
            return OssOperation.LIST_MULTIPART_UPLOADS;
        }
        for (String sub : new String[] {"acl", "location", "bucketInfo", "stat", "lifecycle", "cors", "policy",
                "versioning", "versions", "tagging", "encryption", "website", "referer", "logging", "worm"}) {
            if (query.has(sub)) {
                throw OssErrors.notImplemented("the bucket sub-resource '" + sub + "'");
            }
        }
        return OssOperation.LIST_OBJECTS;
    }

    private static OssOperation objectOperation(String method, QueryParams query, boolean copySource)
            throws OssException {
        boolean uploadId = query.has("uploadId");
        switch (method) {
            case "PUT":
                if (uploadId || query.has("partNumber")) {
                    return copySource ? OssOperation.UPLOAD_PART_COPY : OssOperation.UPLOAD_PART;
                }
                rejectSubResources(query, "acl", "tagging", "symlink");
                return copySource ? OssOperation.COPY_OBJECT : OssOperation.PUT_OBJECT;
            case "GET":
                if (uploadId) {
                    return OssOperation.LIST_PARTS;
                }
                rejectSubResources(query, "acl", "tagging", "symlink", "objectMeta", "x-oss-process");
                return OssOperation.GET_OBJECT;
            case "HEAD":
                return OssOperation.HEAD_OBJECT;
            case "DELETE":
                if (uploadId) {
                    return OssOperation.ABORT_MULTIPART_UPLOAD;
                }
                rejectSubResources(query, "tagging");
                return OssOperation.DELETE_OBJECT;
            case "POST":
                if (query.has("uploads")) {
                    return OssOperation.INITIATE_MULTIPART_UPLOAD;
                }
                if (uploadId) {
                    return OssOperation.COMPLETE_MULTIPART_UPLOAD;
                }
                throw OssErrors.notImplemented("POST on an object without ?uploads or ?uploadId (append, restore...)");
            default:
                throw OssErrors.methodNotAllowed(method);
        }
    }

    private static void rejectSubResources(QueryParams query, String... names) throws OssException {
        for (String name : names) {
            if (query.has(name)) {
                throw OssErrors.notImplemented("the object sub-resource '" + name + "'");
            }
        }
    }
}
