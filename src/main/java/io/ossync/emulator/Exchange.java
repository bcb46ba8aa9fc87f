package io.ossync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One request and its response, as the operation handlers see them: the addressed target, the
 * decoded query, request headers, a counted body stream, and blocking ways to answer. Response
 * header names are kept exactly as written ({@code x-oss-meta-*} stays lower case).
 */
final class Exchange {
    private final Request request;
    private final Response response;
    private final String requestId;
    private final RequestTarget target;
    private final QueryParams query;
    private final InputStream body;

    Exchange(Request request, Response response, String requestId, RequestTarget target, QueryParams query,
             InputStream body) {
        this.request = request;
        this.response = response;
        this.requestId = requestId;
        this.target = target;
        this.query = query;
        this.body = body;
    }

    String requestId() {
        return requestId;
    }

    RequestTarget target() {
        return target;
    }

    String bucket() {
        return target.bucket();
    }

    String key() {
        return target.key();
    }

    QueryParams query() {
        return query;
    }

    String method() {
        return request.getMethod();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Every request header, names as sent. */
    List<HttpField> headers() {
        List<HttpField> all = new ArrayList<>();
        request.getHeaders().forEach(all::add);
        return all;
    }

    /** The declared body length, or -1 when the request did not declare one. */
    long contentLength() {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    InputStream body() {
        return body;
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    boolean isCommitted() {
        return response.isCommitted();
    }

    void sendXml(int status, Xml xml) throws IOException {
        byte[] bytes = xml.toBytes();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        Content.Sink.write(response, true, ByteBuffer.wrap(bytes));
    }

    void sendEmpty(int status) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }

    /** Starts a response of {@code length} body bytes; the caller writes them and closes the stream. */
    OutputStream startBody(int status, long length) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        return Content.Sink.asOutputStream(response);
    }

    /** The headers of a body we will not send (HEAD): the length is the one a GET would carry. */
    void sendHeadersOnly(int status, long length) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }
}
