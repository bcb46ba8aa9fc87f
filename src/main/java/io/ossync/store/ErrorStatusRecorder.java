package io.ossync.store;

import com.aliyun.oss.ServiceException;
import com.aliyun.oss.common.comm.RequestMessage;
import com.aliyun.oss.common.comm.ResponseMessage;
import com.aliyun.oss.common.comm.RetryStrategy;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the HTTP status of an error answer on the SDK's exception, which drops it: in SDK 3.18.5
 * {@code OSSException} has the error code, message and request id of the body, never the status.
 *
 * <p>The one place of the SDK that sees both the failed response and the exception is its retry
 * strategy, asked after each failed attempt. So this is the strategy of the client: it writes the
 * status into the exception's error fields (read back by {@link #status}) and never retries. The
 * SDK asks it only while the attempt count is below {@code maxErrorRetry}, hence a
 * {@code maxErrorRetry} of 1 with this strategy: still one request per call. A configured strategy
 * replaces the SDK's no-retry strategy for POSTs (Complete), so those report a status too; a
 * request whose body cannot be rewound is not asked about (ours all can) and reports none.
 */
final class ErrorStatusRecorder extends RetryStrategy {

    /** The key in {@link ServiceException#getErrorFields()}; not an element OSS sends. */
    private static final String STATUS_FIELD = "ossync.HttpStatus";

    @Override
    public boolean shouldRetry(Exception ex, RequestMessage request, ResponseMessage response, int retries) {
        if (ex instanceof ServiceException se && response != null) {
            Map<String, String> fields = se.getErrorFields() == null ? new HashMap<>() : new HashMap<>(se.getErrorFields());
            fields.put(STATUS_FIELD, Integer.toString(response.getStatusCode()));
            se.setErrorFields(fields);
        }
        return false;
    }

    /** The status recorded on {@code e}, or 0. */
    static int status(ServiceException e) {
        Map<String, String> fields = e.getErrorFields();
        String status = fields == null ? null : fields.get(STATUS_FIELD);
        return status == null ? 0 : Integer.parseInt(status);
    }
}
