package io.ossync.store;

import java.time.Instant;
import java.util.OptionalLong;

/** A part as ListParts reports it; the CRC-64 is present when the server lists it. */
public record PartInfo(int partNumber, String etag, long size, OptionalLong crc64, Instant lastModified) {
}
