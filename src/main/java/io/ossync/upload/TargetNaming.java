package io.ossync.upload;

import io.ossync.config.InvalidObjectKeyException;
import io.ossync.files.FileIdentity;
import io.ossync.store.ObjectOptions;

/**
 * Names the object of a version of a file. The engine asks it for the identity each attempt reads
 * (and the checkpoint freezes), so the key and the object's metadata are those of the version the
 * upload verifies, even when the file changed since the job was queued (DESIGN.md, invariant 9).
 *
 * <p>Must be pure: equal identities give equal targets. A resume compares the key of the version
 * on disk with the key of its checkpoint; a difference means the naming changed, not the file.
 */
@FunctionalInterface
public interface TargetNaming {

    /** @throws InvalidObjectKeyException when this version's key breaks an OSS rule */
    ObjectTarget targetFor(FileIdentity version) throws InvalidObjectKeyException;

    /** The same key and options for every version, e.g. {@code ossync upload FILE oss://B/K}. */
    static TargetNaming fixed(String key, ObjectOptions options) {
        ObjectTarget target = new ObjectTarget(key, options);
        return version -> target;
    }
}
