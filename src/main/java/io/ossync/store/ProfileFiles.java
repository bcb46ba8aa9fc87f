package io.ossync.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Checks a credentials profile file before it is read: one that group or others can read may
 * have leaked its keys already, which the operator must hear about (the file is still used, as
 * the CLI and the SDKs use it).
 */
final class ProfileFiles {

    private static final Logger log = LoggerFactory.getLogger(ProfileFiles.class);

    private ProfileFiles() {
    }

    /** Logs a WARN naming the file and its mode when group or others may read it; true when so. */
    static boolean warnIfReadableByOthers(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
        if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
            return false;
        }
        log.warn("credentials file readable by others: chmod 600 it and rotate its keys file={} mode={}",
                file, PosixFilePermissions.toString(perms));
        return true;
    }
}
