package io.ossync.emulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open multipart uploads of one bucket and their parts, on disk (see {@link BucketFolders}) and
 * indexed in memory. An upload exists once its folder is renamed into place; a part exists once its
 * JSON is renamed into place (a re-sent part number replaces the old part). Complete hard-links the
 * chosen part files into the bucket's data folder (no bytes copied), commits the object, then
 * removes the upload; a restart removes an upload whose object was already committed.
 * Upload ids are 32 upper-case hex digits that sort in initiation order.
 */
final class MultipartUploads {
    private static final Logger log = LoggerFactory.getLogger(MultipartUploads.class);
    private static final String UPLOAD_JSON = "upload.json";

    /** An open upload: its record and parts. Its monitor serialises part commits, Complete and Abort. */
    static final class OpenUpload {
        final UploadRecord record;
        final ConcurrentSkipListMap<Integer, PartRecord> parts = new ConcurrentSkipListMap<>();
        private boolean closed;

        OpenUpload(UploadRecord record) {
            this.record = record;
        }
    }

    private final BucketFolders folders;
    private final Sidecars sidecars;
    private final ObjectIndex objects;
    private final Clock clock;
    private final Map<String, OpenUpload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong lastIdTime = new AtomicLong();

    MultipartUploads(BucketFolders folders, Sidecars sidecars, ObjectIndex objects, Clock clock) {
        this.folders = folders;
        this.sidecars = sidecars;
        this.objects = objects;
        this.clock = clock;
    }

    /** Loads open uploads; removes those already completed into an object and half-initiated ones. */
    void load(Set<String> completed) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folders.uploads())) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                Path recordFile = dir.resolve(UPLOAD_JSON);
                if (completed.contains(id) || !Files.isRegularFile(recordFile)) {
                    BucketFolders.deleteTree(dir);
                    continue;
                }
                OpenUpload upload = new OpenUpload(sidecars.read(recordFile, UploadRecord.class));
                loadParts(dir, upload);
                uploads.put(id, upload);
            }
        }
    }

    private void loadParts(Path dir, OpenUpload upload) throws IOException {
        Set<String> referenced = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "part-*.json")) {
            for (Path file : files) {
                PartRecord part = sidecars.read(file, PartRecord.class);
                upload.parts.put(part.partNumber(), part);
                referenced.add(part.file());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path file : files) {
                if (!referenced.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    UploadRecord initiate(String key, ObjectAttributes attributes) throws IOException {
        UploadRecord record = new UploadRecord(newUploadId(), key, clock.millis(), attributes);
        Path staging = folders.tmp().resolve(BucketFolders.uniqueName() + ".upload");
        Files.createDirectories(staging);
        sidecars.write(staging.resolve(UPLOAD_JSON), record, folders.newTempFile());
        Sidecars.moveAtomically(staging, folders.upload(record.uploadId()));
        uploads.put(record.uploadId(), new OpenUpload(record));
        return record;
    }

    OpenUpload get(String uploadId) throws OssException {
        OpenUpload upload = uploadId == null ? null : uploads.get(uploadId);
        if (upload == null) {
            throw OssErrors.noSuchUpload(String.valueOf(uploadId));
        }
        return upload;
    }

    /** Makes the received file {@code staged} part {@code partNumber} of the upload, replacing any earlier one. */
    PartRecord putPart(String uploadId, int partNumber, long size, String etag, long crc64, Path staged)
            throws IOException, OssException {
        OpenUpload upload = get(uploadId);
        synchronized (upload) {
            if (upload.closed) {
                throw OssErrors.noSuchUpload(uploadId);
            }
            Path dir = folders.upload(uploadId);
            String file = partNumber + "-" + BucketFolders.uniqueName() + ".seg";
            Sidecars.moveAtomically(staged, dir.resolve(file));
            PartRecord part = new PartRecord(partNumber, size, etag, crc64, clock.millis(), file);
            sidecars.write(dir.resolve("part-" + partNumber + ".json"), part, folders.newTempFile());
            PartRecord old = upload.parts.put(partNumber, part);
            if (old != null) {
                Files.deleteIfExists(dir.resolve(old.file()));
            }
            return part;
        }
    }

    /**
     * Completes the upload with the requested parts ({@code all}: every uploaded part, as with
     * {@code x-oss-complete-all: yes}) and returns the committed object.
     */
    ObjectRecord complete(String uploadId, List<CompletionPlan.RequestedPart> requested, boolean all,
                          boolean forbidOverwrite) throws IOException, OssException {
        OpenUpload upload = get(uploadId);
        synchronized (upload) {
            if (upload.closed) {
                throw OssErrors.noSuchUpload(uploadId);
            }
            List<CompletionPlan.RequestedPart> wanted = all ? everyPart(upload) : requested;
            if (wanted.isEmpty()) {
                throw OssErrors.malformedXml("The part list is empty.");
            }
            CompletionPlan plan = CompletionPlan.of(wanted, upload.parts);
            List<ObjectRecord.Segment> segments = linkParts(upload, plan.parts());
            ObjectRecord object = new ObjectRecord(upload.record.key(), plan.size(), plan.etag(), plan.crc64(),
                    null, "Multipart", clock.millis(), upload.record.attributes(), segments, uploadId);
            try {
                objects.commit(object, forbidOverwrite);
            } catch (IOException | OssException | RuntimeException e) {
                for (ObjectRecord.Segment s : segments) {
                    Files.deleteIfExists(objects.dataFile(s));
                }
                throw e;
            }
            close(upload);
            return object;
        }
    }

    void abort(String uploadId) throws IOException, OssException {
        OpenUpload upload = get(uploadId);
        synchronized (upload) {
            if (upload.closed) {
                throw OssErrors.noSuchUpload(uploadId);
            }
            close(upload);
        }
    }

    /** Open uploads sorted by key, then upload id (initiation order). */
    List<UploadRecord> sorted() {
        List<UploadRecord> all = new ArrayList<>();
        uploads.values().forEach(u -> all.add(u.record));
        all.sort(Comparator.comparing(UploadRecord::key, KeyOrder.INSTANCE).thenComparing(UploadRecord::uploadId));
        return all;
    }

    private static List<CompletionPlan.RequestedPart> everyPart(OpenUpload upload) {
        List<CompletionPlan.RequestedPart> parts = new ArrayList<>();
        upload.parts.values().forEach(p -> parts.add(new CompletionPlan.RequestedPart(p.partNumber(), p.etag())));
        return parts;
    }

    private List<ObjectRecord.Segment> linkParts(OpenUpload upload, List<PartRecord> parts) throws IOException {
        Path dir = folders.upload(upload.record.uploadId());
        List<ObjectRecord.Segment> files = parts.stream().map(p -> new ObjectRecord.Segment(p.file(), p.size())).toList();
        return objects.linkIn(files, s -> dir.resolve(s.file()));
    }

    private void close(OpenUpload upload) throws IOException {
        upload.closed = true;
        String id = upload.record.uploadId();
        uploads.remove(id);
        // Rename first: the upload is gone from disk in one step, then its files go at leisure.
        Path doomed = folders.tmp().resolve(BucketFolders.uniqueName() + ".gone");
        Sidecars.moveAtomically(folders.upload(id), doomed);
        try {
            BucketFolders.deleteTree(doomed);
        } catch (IOException e) {
            log.warn("could not delete closed upload files uploadId={} reason={}", id, e.toString());
        }
    }

    private String newUploadId() {
        long micros = clock.millis() * 1000;
        long stamp = lastIdTime.accumulateAndGet(micros, (last, now) -> Math.max(last + 1, now));
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().withUpperCase().formatHex(java.nio.ByteBuffer.allocate(8).putLong(stamp).array())
                + HexFormat.of().withUpperCase().formatHex(random);
    }
}
