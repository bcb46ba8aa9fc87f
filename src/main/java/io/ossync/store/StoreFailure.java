package io.ossync.store;

/**
 * The facts of one failed store request, from which the message of a {@link StoreException} is
 * built in one place. Holds nothing secret: the server's message and request id only.
 */
public record StoreFailure(StoreOperation operation, String bucket, String key, int partNumber,
                           String errorCode, int httpStatus, String detail, String requestId) {

    public String message() {
        StringBuilder sb = new StringBuilder("oss: ").append(operation.label());
        if (partNumber > 0) {
            sb.append(' ').append(partNumber).append(" of");
        }
        sb.append(" oss://").append(bucket);
        if (key != null && !key.isEmpty()) {
            sb.append('/').append(key);
        }
        sb.append(": ").append(errorCode);
        if (httpStatus > 0) {
            sb.append(" (HTTP ").append(httpStatus).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        if (requestId != null && !requestId.isBlank()) {
            sb.append(" [request ").append(requestId).append(']');
        }
        return sb.toString();
    }
}
