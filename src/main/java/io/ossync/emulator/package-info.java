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
 *
 * <p>STS, when {@link io.ossync.emulator.EmulatorConfig#sts()} asks for it: {@code Jetty -> StsHandler}
 * (the unsigned credential requests: credentials URI, ECS metadata with {@code ImdsTokens},
 * {@code OidcApi}) {@code -> OssHandler} (everything else). {@code IssuedKeys} remembers each issued
 * triple and its expiry; {@code KeyRing} tells {@code V4Verifier} which secret signs a request and
 * refuses a missing, wrong or expired token as OSS does. Tests drive it through {@link io.ossync.emulator.Sts}.
 */
package io.ossync.emulator;
