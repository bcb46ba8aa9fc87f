package io.ossync.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer as OSS writes it: HTTP status, error code, message, the EC diagnostic code, and
 * the extra elements some errors carry (Key, UploadId, StringToSign...). Thrown by the request
 * handlers and rendered once, by the handler that owns the exchange.
 */
final class OssException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String ec;
    private final Map<String, String> details;

    OssException(int status, String code, String message, String ec) {
        this(status, code, message, ec, Map.of());
    }

    OssException(int status, String code, String message, String ec, Map<String, String> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.ec = ec;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String ec() {
        return ec;
    }

    /** Extra elements of the error body, in order. */
    Map<String, String> details() {
        return details;
    }

    /** The same error with one more element in its body. */
    OssException with(String element, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(element, value);
        return new OssException(status, code, getMessage(), ec, more);
    }
}
