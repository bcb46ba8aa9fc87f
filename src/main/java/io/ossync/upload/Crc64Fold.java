package io.ossync.upload;

/** Builds the CRC-64 of a whole object from the CRC-64s of its consecutive parts. */
final class Crc64Fold {

    private long crc;
    private long length;

    void append(long partCrc, long partLength) {
        crc = length == 0 ? partCrc : Crc64.combine(crc, partCrc, partLength);
        length += partLength;
    }

    long value() {
        return crc;
    }
}
