package io.ossync.config;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of an object, from its file name's extension (case-insensitive), with
 * {@value #DEFAULT} for anything unknown. A fixed table rather than
 * {@code Files.probeContentType}, whose answer depends on the machine's mime database and so
 * would differ between hosts for the same file. No charset is claimed: the bytes are not read.
 */
public final class ContentTypes {

    public static final String DEFAULT = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            // text and logs
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("out", "text/plain"),
            Map.entry("md", "text/markdown"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"),
            Map.entry("xml", "application/xml"), Map.entry("json", "application/json"),
            Map.entry("ndjson", "application/x-ndjson"), Map.entry("jsonl", "application/x-ndjson"),
            Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"),
            Map.entry("toml", "application/toml"), Map.entry("sql", "application/sql"),
            // archives and compression
            Map.entry("gz", "application/gzip"), Map.entry("tgz", "application/gzip"),
            Map.entry("zip", "application/zip"), Map.entry("tar", "application/x-tar"),
            Map.entry("bz2", "application/x-bzip2"), Map.entry("xz", "application/x-xz"),
            Map.entry("zst", "application/zstd"), Map.entry("7z", "application/x-7z-compressed"),
            Map.entry("lz4", "application/x-lz4"), Map.entry("rar", "application/vnd.rar"),
            // documents
            Map.entry("pdf", "application/pdf"), Map.entry("rtf", "application/rtf"),
            Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("ppt", "application/vnd.ms-powerpoint"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            // images
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
            Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("bmp", "image/bmp"),
            Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("heic", "image/heic"),
            Map.entry("avif", "image/avif"),
            // audio and video
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
            Map.entry("flac", "audio/flac"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"), Map.entry("avi", "video/x-msvideo"),
            Map.entry("ts", "video/mp2t"),
            // fonts
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            // data and binaries
            Map.entry("parquet", "application/vnd.apache.parquet"), Map.entry("avro", "application/avro"),
            Map.entry("wasm", "application/wasm"), Map.entry("jar", "application/java-archive"),
            Map.entry("bin", DEFAULT), Map.entry("iso", "application/x-iso9660-image"),
            Map.entry("db", "application/vnd.sqlite3"), Map.entry("sqlite", "application/vnd.sqlite3"));

    private ContentTypes() {
    }

    /** The Content-Type for a file name (a bare name or a path, either separator). */
    public static String forFileName(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        String name = fileName.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return DEFAULT; // no extension, or a dot file such as ".bashrc"
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
