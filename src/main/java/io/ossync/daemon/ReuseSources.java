package io.ossync.daemon;

import io.ossync.files.FileIdentity;
import io.ossync.ledger.Ledger;
import io.ossync.ledger.LedgerEntry;
import io.ossync.upload.LocalCrc;
import io.ossync.upload.OssLimits;
import io.ossync.upload.ReuseCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds, in the ledger, an object whose bytes the new version of a file may reuse on the server,
 * in this order:
 * <ol>
 *   <li><b>the file's own object</b>, when the file is the same one (same file key) grown past
 *       it: an append. The engine proves the prefix unchanged by its CRC-64 unless the watch is
 *       {@code append-only}.</li>
 *   <li><b>the file's own object under another key</b> (a {@code {date}} prefix that moved): a copy.</li>
 *   <li><b>a renamed file</b>: the ledger holds this exact version (size, mtime in ns, file key)
 *       under another path (found by its file key). Nothing is read: the identity is the proof,
 *       as it is for every "already uploaded" decision.</li>
 *   <li><b>a renamed file that grew since</b> (its writer kept appending after logrotate's rename):
 *       the object of the path the same file key had, its prefix always read and proven (a freed
 *       inode is reused by new files).</li>
 *   <li><b>a copied file</b> ({@code copytruncate}, {@code cp}): a new file of at least 100 KiB
 *       whose size equals an object the ledger recorded; its CRC-64 is read (one read of the file)
 *       and must equal that object's. A CRC-64 match between files of equal size is what a match
 *       means here; the object's own CRC-64 is checked again on the server before the copy.</li>
 * </ol>
 * Only candidates: {@code upload.ReuseCheck} still checks each against the server.
 */
final class ReuseSources {

    /** Below this a copy saves too little to be worth reading the file and asking the ledger. */
    static final long MIN_COPY_DETECTION_SIZE = OssLimits.MIN_PART_SIZE;
    /** Objects of the same size compared by CRC-64 at most: their CRC-64 is in the ledger, no read each. */
    private static final int SAME_SIZE_CANDIDATES = 8;

    private static final Logger log = LoggerFactory.getLogger(ReuseSources.class);

    private final Ledger ledger;
    private final String bucket;

    ReuseSources(Ledger ledger, String bucket) {
        this.ledger = ledger;
        this.bucket = bucket;
    }

    /**
     * @param own        the ledger's entry for this path, if any
     * @param appendOnly the watch's files only grow: a grown file's prefix is trusted unread
     */
    Optional<ReuseCandidate> find(Path file, FileIdentity identity, Optional<LedgerEntry> own, boolean appendOnly) {
        return find(file, identity, own, appendOnly, false);
    }

    /**
     * @param surelyNew no ledger row has this file's file key ({@link UploadedVersions#surelyNew}):
     *                  no rename to look for, so a small new file costs no ledger read
     */
    Optional<ReuseCandidate> find(Path file, FileIdentity identity, Optional<LedgerEntry> own, boolean appendOnly,
                                  boolean surelyNew) {
        Optional<LedgerEntry> ownHere = own.filter(e -> e.bucket().equals(bucket));
        Optional<ReuseCandidate> grown = ownHere.flatMap(e -> grownFrom(e, identity, appendOnly));
        if (grown.isPresent()) {
            return grown;
        }
        if (ownHere.isPresent() && ownHere.get().identity().equals(identity) && identity.size() > 0) {
            // The same version under a new key (a {date} prefix that moved with the mtime): a copy.
            LedgerEntry e = ownHere.get();
            return Optional.of(new ReuseCandidate(e.key(), identity.size(), e.crc64(), identity, false));
        }
        if (identity.size() == 0) {
            return Optional.empty();
        }
        Optional<ReuseCandidate> renamed = surelyNew ? Optional.empty() : renamed(file, identity);
        return renamed.isPresent() ? renamed : copiedFrom(file, identity);
    }

    /** The file's own object, when the file only grew past it (same file, longer). */
    static Optional<ReuseCandidate> grownFrom(LedgerEntry own, FileIdentity now, boolean appendOnly) {
        FileIdentity then = own.identity();
        boolean sameFile = then.fileKey() != null && then.fileKey().equals(now.fileKey());
        if (!sameFile || then.size() == 0 || now.size() <= then.size()) {
            return Optional.empty();
        }
        return Optional.of(new ReuseCandidate(own.key(), then.size(), own.crc64(), then, appendOnly));
    }

    /**
     * The object of another path that this same file (same file key) had: exactly this version (a
     * rename: nothing to read) or a shorter one (renamed, then grown: the prefix is always read,
     * even append-only, since an inode freed by a deletion is given to new files, which then look
     * like an old one grown). One query by file key answers both.
     */
    private Optional<ReuseCandidate> renamed(Path file, FileIdentity identity) {
        if (identity.fileKey() == null) {
            return Optional.empty();
        }
        List<LedgerEntry> sameFile = ledger.findByFileKey(identity.fileKey(), bucket, SAME_SIZE_CANDIDATES).stream()
                .filter(e -> !e.path().equals(file)).toList();
        Optional<ReuseCandidate> exact = sameFile.stream().filter(e -> e.identity().equals(identity)).findFirst()
                .map(e -> new ReuseCandidate(e.key(), identity.size(), e.crc64(), identity, false));
        return exact.isPresent() ? exact : sameFile.stream()
                .map(e -> grownFrom(e, identity, false))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private Optional<ReuseCandidate> copiedFrom(Path file, FileIdentity identity) {
        if (identity.size() < MIN_COPY_DETECTION_SIZE) {
            return Optional.empty();
        }
        List<LedgerEntry> sameSize = ledger.findBySize(identity.size(), bucket, SAME_SIZE_CANDIDATES).stream()
                .filter(e -> !e.path().equals(file)).toList();
        if (sameSize.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong crc;
        try {
            crc = LocalCrc.of(file, 0, identity.size());
            // The CRC-64 proves the bytes of this version only: a change during the read voids it.
            if (!FileIdentity.read(file).equals(identity)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            log.debug("copy detection skipped path={} error=\"{}\"", file, e.getMessage());
            return Optional.empty();
        }
        if (crc.isEmpty()) {
            return Optional.empty();
        }
        long value = crc.getAsLong();
        return sameSize.stream().filter(e -> e.crc64() == value).findFirst()
                .map(e -> new ReuseCandidate(e.key(), identity.size(), value, identity, false));
    }
}
