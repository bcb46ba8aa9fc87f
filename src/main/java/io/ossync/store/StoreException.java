package io.ossync.store;

import io.ossync.store.ObjectStore.Operation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A failed {@link ObjectStore} call, translated once at the store's edge. The subclass says what
 * the caller can do about it:
 * <ul>
 *   <li>{@link Transient}: I/O, timeout, 5xx, throttling, a CRC mismatch in transit. Retrying the
 *       same request may succeed.</li>
 *   <li>{@link UploadGone}: the multipart upload no longer exists (NoSuchUpload). Start a new
 *       upload.</li>
 *   <li>{@link AccessDenied}: bad or unauthorised credentials. Retrying the request won't help
 *       until the credentials change.</li>
 *   <li>{@link NotFound}: the bucket or object does not exist.</li>
 *   <li>{@link InvalidRequest}: the server refused the request as malformed; a bug or a bad
 *       argument, never retried.</li>
 *   <li>{@link LocalFile}: the local file could not be read; no request was answered. The file's
 *       problem, never the endpoint's.</li>
 *   <li>{@link CopySourceChanged}: a server-side copy found its source gone or no longer the bytes
 *       the caller meant. Upload the file instead; not the endpoint's fault either.</li>
 * </ul>
 * The message names the operation, bucket, key and part number, and never a credential:
 * {@code oss: upload part 7 of oss://bucket/a.bin: InternalError (HTTP 500): ... [request 5F...]}.
 */
public abstract sealed class StoreException extends RuntimeException {

    private final Operation operation;
    private final String bucket;
    private final String key;
    private final int partNumber;
    private final String errorCode;
    private final int httpStatus;

    private StoreException(Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.operation = failure.operation();
        this.bucket = failure.bucket();
        this.key = failure.key();
        this.partNumber = failure.partNumber();
        this.errorCode = failure.errorCode();
        this.httpStatus = failure.httpStatus();
    }

    public Operation operation() {
        return operation;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** The part number, or 0 when the operation is not about one part. */
    public int partNumber() {
        return partNumber;
    }

    /** The OSS error code (e.g. {@code NoSuchUpload}), or a local one such as {@code IOError}. */
    public String errorCode() {
        return errorCode;
    }

    /**
     * The HTTP status of the server's error answer; empty when the failure was not one (I/O error,
     * CRC mismatch, local file, circuit open).
     */
    public Optional<Integer> httpStatus() {
        return httpStatus > 0 ? Optional.of(httpStatus) : Optional.empty();
    }

    /**
     * The facts of one failed request, from which the message is built in one place. Holds nothing
     * secret: the server's message and request id only.
     *
     * @param httpStatus the status of the server's answer, 0 when there was none
     */
    public record Failure(Operation operation, String bucket, String key, int partNumber,
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

    /** Retrying the same request may succeed: I/O, timeout, 5xx, throttling, CRC mismatch in transit. */
    public static final class Transient extends StoreException {
        public Transient(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /** The multipart upload no longer exists on the server (NoSuchUpload). */
    public static final class UploadGone extends StoreException {
        public UploadGone(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /** The credentials are wrong or not allowed (InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied). */
    public static final class AccessDenied extends StoreException {
        public AccessDenied(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /** The bucket or the object does not exist (NoSuchBucket, NoSuchKey). */
    public static final class NotFound extends StoreException {
        public NotFound(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /** The server refused the request as invalid; retrying it unchanged cannot succeed. */
    public static final class InvalidRequest extends StoreException {
        public InvalidRequest(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /**
     * A {@code copyObject} or {@code uploadPartCopy} refused because its source is not what the
     * caller meant: gone (NoSuchKey of the source, 404), another ETag than the one required
     * (PreconditionFailed, 412), or shorter than the range asked for (InvalidRange, 416). The caller
     * falls back to sending the file's bytes. Not {@link NotFound} nor {@link InvalidRequest}, which
     * would drop the job; and not a fault of the endpoint, which answered as it should: a circuit
     * breaker neither counts it as a failure nor as an answer.
     */
    public static final class CopySourceChanged extends StoreException {
        public CopySourceChanged(Failure failure, Throwable cause) {
            super(failure, cause);
        }
    }

    /**
     * The local file of a {@code putObject} or {@code uploadPart} could not be opened or sized (it
     * vanished, its permissions refuse us, it is a directory), or it ended before the bytes the
     * request promised ({@link #fileShrank()}). Nothing was sent, or the request was cut off by our
     * side before its body was whole, so it says nothing about the endpoint: it is not retried as transient, a circuit breaker neither counts it as a
     * failure nor as an answer, and the caller sets the file aside or drops its job. The cause is
     * the {@link IOException} (local, so free of credentials).
     *
     * <p>Why one of the sealed kinds and not a type of its own: store calls run inside
     * {@code Supplier}s (the retry policy, the breaker, the upload's call wrapper), which a checked
     * exception cannot cross unwrapped; an unchecked type outside this family is what let an
     * {@code UncheckedIOException} escape the port's contract before. As a kind of
     * {@code StoreException} it is in that contract, a {@code switch} over the kinds must name it,
     * and the policies that decide by kind (retry: {@link Transient} only; breaker: {@link Transient}
     * counts, this one is ignored) see it by its type.
     */
    public static final class LocalFile extends StoreException {
        private final Path file;
        private final String reason;

        public LocalFile(Operation operation, String bucket, String key, int partNumber, Path file, IOException cause) {
            this(operation, bucket, key, partNumber, file, reason(file, cause), cause);
        }

        private LocalFile(Operation operation, String bucket, String key, int partNumber, Path file, String reason,
                          IOException cause) {
            super(new Failure(operation, bucket, key, partNumber, "LocalFile", 0, "cannot read " + file + ": " + reason,
                    null), cause);
            this.file = file;
            this.reason = reason;
        }

        /**
         * True when the file ended before the bytes the request promised ({@link FileShrankException}):
         * it was truncated during its upload, a change of the file rather than a file that cannot be read.
         */
        public boolean fileShrank() {
            return getCause() instanceof FileShrankException;
        }

        /** The file that could not be read. */
        public Path file() {
            return file;
        }

        /**
         * Why, without the path: {@code FileInputStream} says "PATH (Permission denied)", which
         * becomes "Permission denied", so that a message naming the file does not name it twice.
         */
        public String reason() {
            return reason;
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }

        private static String reason(Path file, IOException cause) {
            String why = String.valueOf(cause.getMessage());
            String path = file.toString();
            if (why.startsWith(path)) {
                why = why.substring(path.length()).trim().replaceAll("^\\((.*)\\)$", "$1");
            }
            // NoSuchFileException's message is the path alone.
            return why.isEmpty() ? cause.getClass().getSimpleName() : why;
        }
    }
}
