package io.ossync.emulator;

/** A multipart upload as initiated: the key it will complete to and the attributes the object will get. */
record UploadRecord(String uploadId, String key, long initiatedMillis, ObjectAttributes attributes) {
}
