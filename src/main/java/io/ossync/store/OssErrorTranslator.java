package io.ossync.store;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.InconsistentException;
import com.aliyun.oss.OSSException;

import io.ossync.store.ObjectStore.Operation;
import io.ossync.store.StoreException.AccessDenied;
import io.ossync.store.StoreException.CopySourceChanged;
import io.ossync.store.StoreException.Failure;
import io.ossync.store.StoreException.InvalidRequest;
import io.ossync.store.StoreException.NotFound;
import io.ossync.store.StoreException.Transient;
import io.ossync.store.StoreException.UploadGone;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * Turns whatever the OSS SDK threw into one {@link StoreException}: the only place that knows
 * OSS error codes. The server's raw error body is deliberately dropped (for SignatureDoesNotMatch
 * it echoes the canonical request, security token included), the SDK exception is not kept as a
 * cause for the same reason, and every text that stays is redacted against the credentials.
 */
final class OssErrorTranslator {

    private static final Set<String> UPLOAD_GONE = Set.of("NoSuchUpload");
    // AccessForbidden is what the SDK reports for a 403 without a body (HEAD).
    private static final Set<String> ACCESS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AccessDenied", "AccessForbidden", "SecurityTokenExpired", "InvalidSecurityToken", "RequestTimeTooSkewed");
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket");
    // On a copy, NoSuchKey can only name the source (the target need not exist) and a failed
    // precondition or range is about the source too.
    private static final Set<String> COPY_SOURCE_CHANGED = Set.of("NoSuchKey", "PreconditionFailed", "InvalidRange");
    private static final Set<Operation> COPIES = Set.of(Operation.COPY_OBJECT, Operation.UPLOAD_PART_COPY);
    private static final Set<String> INVALID = Set.of("InvalidArgument", "InvalidDigest", "BadDigest",
            "EntityTooSmall", "EntityTooLarge", "InvalidPart", "InvalidPartOrder", "MalformedXML",
            "InvalidObjectName", "InvalidBucketName", "KeyTooLong", "InvalidEncryptionAlgorithmError",
            "InvalidTargetType", "FileAlreadyExists", "MissingContentLength", "InvalidRequest",
            "MethodNotAllowed", "PreconditionFailed");

    /**
     * Codes with which OSS refuses temporary credentials that expired or were replaced: an expired
     * STS token is a 403 (EC 0002-00000007), reported as SecurityTokenExpired or, for a key the
     * server no longer knows, InvalidAccessKeyId / InvalidSecurityToken. A request refused so is
     * signed again with fresh credentials once ({@link OssObjectStore}).
     */
    private static final Set<String> CREDENTIALS_REFUSED = Set.of("SecurityTokenExpired", "InvalidAccessKeyId",
            "InvalidSecurityToken");

    private final SecretRedactor credentials;

    OssErrorTranslator(SecretRedactor credentials) {
        this.credentials = credentials;
    }

    StoreException translate(Throwable t, Operation op, String bucket, String key, int partNumber) {
        return translate(t, op, bucket, key, partNumber, null);
    }

    /**
     * @param copySource the source key of a copy, named in the message of a server's refusal (the
     *                   failure's key is the copy's target); null for other operations
     */
    StoreException translate(Throwable t, Operation op, String bucket, String key, int partNumber, String copySource) {
        if (t instanceof StoreException se) {
            return se;
        }
        if (t instanceof OSSException oss) {
            String code = orUnknown(oss.getErrorCode());
            String about = copySource == null ? "" : "copy source " + copySource + ": ";
            Failure f = new Failure(op, bucket, key, partNumber, code, ErrorStatusRecorder.status(oss),
                    about + credentials.redact(oss.getErrorMessage()), oss.getRequestId());
            return COPIES.contains(op) && COPY_SOURCE_CHANGED.contains(code) ? new CopySourceChanged(f, null)
                    : classify(code, f);
        }
        if (t instanceof InconsistentException ie) {
            String detail = "CRC-64 of the bytes sent (" + Long.toUnsignedString(nz(ie.getClientChecksum()))
                    + ") differs from the server's (" + Long.toUnsignedString(nz(ie.getServerChecksum())) + ")";
            return new Transient(failure(op, bucket, key, partNumber, "CrcMismatch", detail, ie.getRequestId()), null);
        }
        if (t instanceof ClientException ce) {
            Throwable io = ioCause(ce);
            String detail = io != null ? io.getClass().getSimpleName() + ": " + io.getMessage() : ce.getErrorMessage();
            Failure f = failure(op, bucket, key, partNumber, clientCode(ce), detail, null);
            // A client exception is the SDK's wrapper of a local or network failure: retry may help.
            return new Transient(f, io instanceof IOException ? sanitized(io) : null);
        }
        if (t instanceof IOException io) {
            return new Transient(failure(op, bucket, key, partNumber, "IOError",
                    io.getClass().getSimpleName() + ": " + io.getMessage(), null), sanitized(io));
        }
        if (t instanceof IllegalArgumentException iae) {
            return new InvalidRequest(failure(op, bucket, key, partNumber, "InvalidArgument", iae.getMessage(), null), null);
        }
        return new Transient(failure(op, bucket, key, partNumber, "Unexpected",
                t.getClass().getName() + ": " + t.getMessage(), null), null);
    }

    /**
     * Classifies a server error code. Everything not listed (InternalError, ServiceUnavailable,
     * SlowDown, RequestTimeout, codes OSS may add later) counts as transient: the retry policy
     * bounds how often it is tried.
     */
    static StoreException classify(String code, Failure f) {
        if (UPLOAD_GONE.contains(code)) {
            return new UploadGone(f, null);
        }
        if (ACCESS.contains(code)) {
            return new AccessDenied(f, null);
        }
        if (NOT_FOUND.contains(code)) {
            return new NotFound(f, null);
        }
        if (INVALID.contains(code)) {
            return new InvalidRequest(f, null);
        }
        return new Transient(f, null);
    }

    /** Whether {@code e} says the credentials that signed the request were expired or unknown. */
    static boolean credentialsRefused(StoreException e) {
        return e instanceof AccessDenied && CREDENTIALS_REFUSED.contains(e.errorCode());
    }

    private Failure failure(Operation op, String bucket, String key, int part, String code,
                                 String detail, String requestId) {
        return new Failure(op, bucket, key, part, code, 0, credentials.redact(detail), requestId);
    }

    private static String clientCode(ClientException ce) {
        String code = ce.getErrorCode();
        return code == null || code.isBlank() || code.equals("Unknown") ? "IOError" : code;
    }

    private static Throwable ioCause(Throwable t) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return c;
            }
        }
        return null;
    }

    /** A copy of the I/O exception without its own cause chain, whose texts we do not control. */
    private IOException sanitized(Throwable io) {
        IOException copy = io instanceof InterruptedIOException
                ? new InterruptedIOException(credentials.redact(io.getMessage()))
                : new IOException(io.getClass().getName() + ": " + credentials.redact(io.getMessage()));
        copy.setStackTrace(io.getStackTrace());
        return copy;
    }

    private static String orUnknown(String code) {
        return code == null || code.isBlank() ? "UnknownError" : code;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
