package io.ossync.upload;

import io.ossync.store.ObjectOptions;

import java.util.Objects;

/** Where one version of a file is written: the object key and the options the object is created with. */
public record ObjectTarget(String key, ObjectOptions options) {

    public ObjectTarget {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
    }
}
