package io.ossync.emulator;

import java.util.List;

/**
 * A stored object: its metadata and the data files ({@link Segment}s, in order) whose concatenation
 * is its content. A simple object has one segment; a multipart object keeps its parts as segments,
 * so Complete moves no bytes.
 *
 * @param etag       quoted, as sent in the ETag header
 * @param contentMd5 base64 MD5 of the content for a simple object, null for a multipart one
 * @param objectType "Normal" or "Multipart"
 * @param uploadId   the multipart upload it came from, null for a simple object
 */
record ObjectRecord(String key, long size, String etag, long crc64, String contentMd5, String objectType,
                    long lastModifiedMillis, ObjectAttributes attributes, List<Segment> segments, String uploadId) {
    ObjectRecord {
        segments = List.copyOf(segments);
    }

    /** A data file of an object, named relative to the bucket's data folder. */
    record Segment(String file, long size) {
    }
}
