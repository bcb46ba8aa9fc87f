package io.ossync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ossync.store.ObjectStore.ListedObject;

import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/** The lines {@code ossync ls} prints for one object (see {@link LsCommand} for both formats). Pure. */
final class LsLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LsLines() {
    }

    /**
     * {@code 2026-12-08T01:02:03Z       1048576 Standard     1234567890123456789 inbox/a.bin}: the time
     * to the second (HEAD and OSS's console show no more), so the columns line up.
     */
    static String text(ListedObject o, OptionalLong crc) {
        return String.format("%-20s %14d %-12s %-20s %s",
                o.lastModified() == null ? "-" : o.lastModified().truncatedTo(ChronoUnit.SECONDS), o.size(),
                o.storageClass() == null ? "-" : o.storageClass(),
                crc.isPresent() ? Long.toUnsignedString(crc.getAsLong()) : "-", o.key());
    }

    static String json(ListedObject o, OptionalLong crc) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("key", o.key());
        node.put("size", o.size());
        node.put("last_modified", o.lastModified() == null ? null : o.lastModified().toString());
        node.put("storage_class", o.storageClass());
        node.put("etag", o.etag());
        node.put("crc64", crc.isPresent() ? Long.toUnsignedString(crc.getAsLong()) : null);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
