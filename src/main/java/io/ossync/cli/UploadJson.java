package io.ossync.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ossync.upload.UploadResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one JSON object {@code ossync upload --json} prints on stdout, on one line, for scripts:
 * <pre>
 * {"ok":true,"file":"a.bin","bucket":"b","key":"k/a.bin","size":1048576,"crc64":"1234...","etag":"...",
 *  "how":"whole","multipart":true,"parts":4,"parts_sent":4,"parts_resumed":0,"restarts":0,
 *  "bytes_sent":1048576,"bytes_copied":0,"seconds":0.412}
 * {"ok":false,"file":"a.bin","bucket":"b","key":"k/a.bin","error":"...","exit_code":1,"seconds":0.1}
 * </pre>
 * {@code crc64} is a string, the unsigned decimal of {@code x-oss-hash-crc64ecma}: as a JSON number
 * it would pass 2^53 and lose digits in jq or JavaScript. {@code how} is the {@code how=} of the
 * log ({@code whole}, {@code append}, {@code copy}, {@code found}); {@code bucket} and {@code key}
 * are absent when the target could not be parsed. jackson-core's generator only: databind is not
 * worth its start-up cost for one object.
 */
final class UploadJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private UploadJson() {
    }

    static String success(String file, UploadResult r, double seconds) {
        return write(g -> {
            g.writeBooleanField("ok", true);
            g.writeStringField("file", file);
            g.writeStringField("bucket", r.bucket());
            g.writeStringField("key", r.key());
            g.writeNumberField("size", r.size());
            g.writeStringField("crc64", Long.toUnsignedString(r.crc64()));
            g.writeStringField("etag", r.etag());
            g.writeStringField("how", r.how().label());
            g.writeBooleanField("multipart", r.multipart());
            g.writeNumberField("parts", r.partCount());
            g.writeNumberField("parts_sent", r.partsSent());
            g.writeNumberField("parts_resumed", r.partsResumed());
            g.writeNumberField("restarts", r.restarts());
            g.writeNumberField("bytes_sent", r.bytesSent());
            g.writeNumberField("bytes_copied", r.bytesCopied());
            g.writeNumberField("seconds", round(seconds));
        });
    }

    /** A failed upload; {@code target} is null when the oss:// URL did not parse. */
    static String failure(String file, OssUrl target, String error, int exitCode, double seconds) {
        return write(g -> {
            g.writeBooleanField("ok", false);
            g.writeStringField("file", file);
            if (target != null) {
                g.writeStringField("bucket", target.bucket());
                g.writeStringField("key", target.key());
            }
            g.writeStringField("error", error);
            g.writeNumberField("exit_code", exitCode);
            g.writeNumberField("seconds", round(seconds));
        });
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
