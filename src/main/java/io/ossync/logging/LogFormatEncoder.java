package io.ossync.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

import java.util.Locale;

/**
 * Encodes with one of two encoders (from {@link LogSetup}, or a logback.xml), chosen by the value of
 * {@code OSSYNC_LOG_FORMAT}: {@code text} (also when empty) or {@code json}, in any case, blanks
 * around ignored. Any other value encodes as text and leaves a warning in Logback's status, which
 * Logback prints at start: a typo must never leave the daemon silent.
 *
 * <p>Why not two appenders and {@code <appender-ref ref="${OSSYNC_LOG_FORMAT}"/>}: a missing
 * name silences all logging, and Logback warns about the appender left unreferenced, which makes it
 * print its whole status at every start. {@code <if>} would need janino.
 *
 * <p>Either way the message has its control characters escaped ({@link EscapedMessageEvent}): a
 * logged value such as a file name can never split or forge a line.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

    private String format = "text";
    private Encoder<ILoggingEvent> text;
    private Encoder<ILoggingEvent> json;
    private Encoder<ILoggingEvent> chosen;

    /** The raw value of OSSYNC_LOG_FORMAT, from {@code <format>}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The encoder for {@code text}, from {@code <text class="...">}. */
    public void setText(Encoder<ILoggingEvent> text) {
        this.text = text;
    }

    /** The encoder for {@code json}, from {@code <json class="...">}. */
    public void setJson(Encoder<ILoggingEvent> json) {
        this.json = json;
    }

    @Override
    public void start() {
        if (text == null || json == null) {
            addError("LogFormatEncoder needs both a <text> and a <json> encoder");
            return;
        }
        String wanted = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals("json")) {
            chosen = json;
        } else {
            if (!wanted.isEmpty() && !wanted.equals("text")) {
                addWarn("OSSYNC_LOG_FORMAT=\"" + format + "\" is neither text nor json; logging as text");
            }
            chosen = text;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        text.stop();
        json.stop();
    }

    @Override
    public byte[] headerBytes() {
        return chosen.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return chosen.encode(EscapedMessageEvent.of(event));
    }

    @Override
    public byte[] footerBytes() {
        return chosen.footerBytes();
    }
}
