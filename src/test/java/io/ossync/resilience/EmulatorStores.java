package io.ossync.resilience;

import io.ossync.emulator.Counters;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.store.ObjectStore;
import io.ossync.store.OssClientTuning;
import io.ossync.store.OssCredentials;
import io.ossync.store.OssEndpoint;
import io.ossync.store.OssObjectStore;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The real store (official SDK) on the test emulator, and what the emulator received. */
final class EmulatorStores {

    private EmulatorStores() {
    }

    static ObjectStore sdkStore(EmulatorExtension emulator) {
        return sdkStore(emulator, EmulatorExtension.ACCESS_KEY_SECRET);
    }

    static ObjectStore sdkStore(EmulatorExtension emulator, String secret) {
        return new OssObjectStore(OssEndpoint.parse(emulator.endpoint(), EmulatorExtension.REGION, false),
                new OssCredentials(EmulatorExtension.ACCESS_KEY_ID, secret, Optional.empty()),
                new OssClientTuning(Duration.ofSeconds(5), Duration.ofSeconds(10), 16));
    }

    /** Requests of every operation the emulator received. */
    static long requestsSeen(EmulatorExtension emulator) {
        Counters counters = emulator.emulator().counters();
        return Arrays.stream(OssOperation.values()).mapToLong(counters::requests).sum();
    }
}
