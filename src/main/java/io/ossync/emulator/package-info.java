/**
 * A strict OSS-compatible server ({@link io.ossync.emulator.OssEmulator}), the independent judge of
 * the client side in tests, the server of benchmarks and the demo's target. It shares no code with
 * the client side (not the OSS SDK, not {@code io.ossync.store}): its CRC-64, V4 signature check and
 * XML are its own, written from the OSS documentation.
 *
 * <p>Served: PutObject, CopyObject, GetObject (Range), HeadObject, DeleteObject, ListObjects (V1 and
 * V2), InitiateMultipartUpload, UploadPart, UploadPartCopy, ListParts, CompleteMultipartUpload (also
 * {@code x-oss-complete-all}), AbortMultipartUpload, ListMultipartUploads. Anything else is answered
 * with 501 NotImplemented, never silently mistaken for something else.
 *
 * <p>Layout: {@code Jetty -> OssHandler} (request life: id, routing, faults, signature, errors)
 * {@code -> ObjectApi / MultipartApi / CopyApi / Listings} (one OSS operation each) {@code -> Storage ->
 * BucketStore -> ObjectIndex, MultipartUploads} (disk and in-memory index). Pure rules live apart:
 * {@code V4Verifier}, {@code CompletionPlan}, {@code KeyPage}, {@code ByteRange}, {@code Crc64},
 * {@code CopySource}, {@code CopySourceRange}, {@code CopyConditions}, {@code CopyLimits}.
 */
package io.ossync.emulator;
