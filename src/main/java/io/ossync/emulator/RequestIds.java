package io.ossync.emulator;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids in OSS's shape: 24 upper-case hex digits, unique within one emulator run. */
final class RequestIds {
    private final AtomicLong sequence = new AtomicLong();
    private final int prefix = ThreadLocalRandom.current().nextInt();

    String next() {
        long n = sequence.incrementAndGet();
        return HexFormat.of().withUpperCase().toHexDigits(prefix) + HexFormat.of().withUpperCase().toHexDigits(n);
    }
}
