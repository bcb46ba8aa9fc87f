package io.ossync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one request: request id, routing to an operation, counting, injected faults,
 * signature check, the operation itself, and the OSS error answer when anything is refused. Every
 * answer, errors included, carries {@code x-oss-request-id}. Blocking by design: bodies stream to
 * and from disk on the serving thread.
 */
final class OssHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(OssHandler.class);

    private final Storage storage;
    private final V4Verifier verifier;
    private final Faults faults;
    private final Counters counters;
    private final RequestIds requestIds;
    private final ObjectApi objects;
    private final MultipartApi multipart;
    private final CopyApi copies;
    private final Listings listings;
    private final boolean readOnly;

    OssHandler(Storage storage, V4Verifier verifier, Faults faults, Counters counters, RequestIds requestIds,
               ObjectApi objects, MultipartApi multipart, CopyApi copies, Listings listings, boolean readOnly) {
        super(org.eclipse.jetty.util.thread.Invocable.InvocationType.BLOCKING);
        this.storage = storage;
        this.verifier = verifier;
        this.faults = faults;
        this.counters = counters;
        this.requestIds = requestIds;
        this.objects = objects;
        this.multipart = multipart;
        this.copies = copies;
        this.listings = listings;
        this.readOnly = readOnly;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = requestIds.next();
        response.getHeaders().put("x-oss-request-id", requestId);
        response.getHeaders().put(HttpHeader.SERVER, "AliyunOSS");
        OssOperation op = null;
        InputStream rawBody = Content.Source.asInputStream(request);
        InputStream body = new CountingInputStream(rawBody, counters, null);
        try {
            RequestTarget target = RequestTarget.parse(request.getHeaders().get(HttpHeader.HOST),
                    request.getHttpURI().getPath());
            QueryParams query = QueryParams.parse(request.getHttpURI().getQuery());
            op = OperationResolver.resolve(request.getMethod(), target, query,
                    request.getHeaders().get(CopySource.HEADER) != null);
            counters.recordRequest(op);
            body = new CountingInputStream(rawBody, counters, op);
            pause(faults.latencyFor(op));
            OptionalLong cut = faults.takeCut(op);
            if (cut.isPresent()) {
                cutConnection(request, body, cut.getAsLong(), callback);
                return true;
            }
            Optional<Faults.Failure> failure = faults.takeFailure(op);
            if (failure.isPresent()) {
                throw OssErrors.injected(failure.get().httpStatus(), failure.get().errorCode());
            }
            verifier.verify(signedRequest(request, target, query));
            if (readOnly && !op.readsOnly()) {
                throw OssErrors.accessDenied("this emulator serves its data folder read-only (the process that owns "
                        + "it writes there): " + op + " refused");
            }
            BucketStore bucket = storage.bucket(target.bucket());
            Exchange ex = new Exchange(request, response, requestId, target, query, body);
            dispatch(op, ex, bucket);
            callback.succeeded();
        } catch (OssException e) {
            answerError(request, response, callback, body, requestId, e);
        } catch (IOException e) {
            // The client went away or the stream broke mid-body: nothing sensible can be answered.
            log.debug("request failed requestId={} op={} reason={}", requestId, op, e.toString());
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                answerError(request, response, callback, body, requestId,
                        OssErrors.internalError("I/O failure: " + e.getMessage()));
            }
        } catch (RuntimeException e) {
            log.error("request failed requestId={} op={}", requestId, op, e);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                answerError(request, response, callback, body, requestId, OssErrors.internalError(e.toString()));
            }
        }
        return true;
    }

    private void dispatch(OssOperation op, Exchange ex, BucketStore bucket) throws IOException, OssException {
        switch (op) {
            case PUT_OBJECT -> objects.put(ex, bucket);
            case COPY_OBJECT -> copies.copyObject(ex, bucket);
            case GET_OBJECT -> objects.get(ex, bucket);
            case HEAD_OBJECT -> objects.head(ex, bucket);
            case DELETE_OBJECT -> objects.delete(ex, bucket);
            case LIST_OBJECTS -> listings.listObjects(ex, bucket);
            case INITIATE_MULTIPART_UPLOAD -> multipart.initiate(ex, bucket);
            case UPLOAD_PART -> multipart.uploadPart(ex, bucket);
            case UPLOAD_PART_COPY -> copies.uploadPartCopy(ex, bucket);
            case LIST_PARTS -> multipart.listParts(ex, bucket);
            case COMPLETE_MULTIPART_UPLOAD -> multipart.complete(ex, bucket);
            case ABORT_MULTIPART_UPLOAD -> multipart.abort(ex, bucket);
            case LIST_MULTIPART_UPLOADS -> listings.listUploads(ex, bucket);
            default -> throw new IllegalStateException("unhandled operation " + op);
        }
    }

    private static SignedRequest signedRequest(Request request, RequestTarget target, QueryParams query) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        return new SignedRequest(request.getMethod(), target.bucket(), target.key(), query, headers);
    }

    /** Reads {@code bytes} of the body, then drops the connection without a word, as a network failure would. */
    private static void cutConnection(Request request, InputStream body, long bytes, Callback callback) {
        try {
            BodyReceiver.discard(body, bytes);
        } catch (IOException e) {
            // The client is gone already: the cut happened by itself.
        }
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new org.eclipse.jetty.io.EofException("connection cut by an injected fault"));
    }

    private static void answerError(Request request, Response response, Callback callback, InputStream body,
                                    String requestId, OssException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        drainBody(request, body);
        Xml xml = new Xml().open("Error").element("Code", e.code()).element("Message", e.getMessage())
                .element("RequestId", requestId).element("HostId", request.getHeaders().get(HttpHeader.HOST));
        e.details().forEach(xml::element);
        xml.element("EC", e.ec()).element("RecommendDoc", "https://api.aliyun.com/troubleshoot?q=" + e.ec());
        xml.close("Error");
        byte[] bytes = xml.toBytes();
        response.setStatus(e.status());
        response.getHeaders().put("x-oss-ec", e.ec());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        boolean head = request.getMethod().equals("HEAD");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, head ? 0 : bytes.length);
        response.write(true, java.nio.ByteBuffer.wrap(head ? new byte[0] : bytes), callback);
    }

    /**
     * Reads what is left of the request body before answering an error, so a client still sending
     * gets the error instead of a broken pipe (and the bytes count as received). A client that asked
     * for 100-continue has sent nothing yet and gets the answer at once.
     */
    private static void drainBody(Request request, InputStream body) {
        String expect = request.getHeaders().get(HttpHeader.EXPECT);
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            return;
        }
        if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > ObjectApi.MAX_PUT_SIZE) {
            return; // refused for its size: reading it all would only waste the client's time
        }
        try {
            BodyReceiver.discard(body, Long.MAX_VALUE);
        } catch (IOException e) {
            // Nothing more to read: the error answer goes out anyway.
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
