package io.ossync.config;

/**
 * How the loader treats a watched folder that does not exist: {@code check-config} calls it an
 * error; the daemon starts anyway, warns, and waits for the folder to appear.
 */
public enum MissingFolders {
    ERROR,
    WARN
}
