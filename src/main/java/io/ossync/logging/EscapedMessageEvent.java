package io.ossync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An event whose formatted message has its control characters escaped ({@link ControlCharacters})
 * and which is otherwise the original. Wrapping the event, rather than configuring each encoder,
 * gives the text and the JSON encoders the same message, and an operator's own logback.xml
 * pattern keeps working. The throwable is left alone: a stack trace is many lines by nature.
 */
final class EscapedMessageEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    private final String message;

    private EscapedMessageEvent(ILoggingEvent event, String message) {
        this.event = event;
        this.message = message;
    }

    /** The event itself when its message needs no escaping. */
    static ILoggingEvent of(ILoggingEvent event) {
        String formatted = event.getFormattedMessage();
        String escaped = ControlCharacters.escape(formatted);
        // escape returns the very same string when there was nothing to escape
        return escaped == formatted ? event : new EscapedMessageEvent(event, escaped);
    }

    @Override
    public String getFormattedMessage() {
        return message;
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return event.getMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return event.getArgumentArray();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return event.getThrowableProxy();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }
}
