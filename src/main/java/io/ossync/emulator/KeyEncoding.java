package io.ossync.emulator;

/**
 * {@code encoding-type=url}: keys, prefixes, markers and delimiters in a listing are written
 * URL-encoded (XML 1.0 cannot carry every character a key may hold), and the answer says so in
 * EncodingType. Any other value is InvalidArgument, as on OSS.
 */
record KeyEncoding(boolean url) {
    static KeyEncoding of(QueryParams query) throws OssException {
        String type = query.get("encoding-type");
        if (type == null || type.isEmpty()) {
            return new KeyEncoding(false);
        }
        if (!type.equals("url")) {
            throw OssErrors.invalidArgument("The encoding-type parameter must be url.", "encoding-type", type,
                    "0016-00000301");
        }
        return new KeyEncoding(true);
    }

    String apply(String value) {
        return value == null || !url ? value : UrlCodec.encode(value, false);
    }

    void writeType(Xml xml) {
        if (url) {
            xml.element("EncodingType", "url");
        }
    }
}
