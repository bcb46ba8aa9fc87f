package io.ossync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmulatorFaultsTest {
    @RegisterExtension
    static EmulatorExtension emulator = new EmulatorExtension();

    private OssTestClient client() {
        return emulator.client();
    }

    @Test
    void failNextAnswersTheGivenErrorThenServesAgainAndEverythingIsCounted() {
        byte[] body = EmulatorMultipartTest.random(5000, 1);
        emulator.emulator().faults().failNext(OssOperation.PUT_OBJECT, 2, 503, "ServiceUnavailable");
        for (int i = 0; i < 2; i++) {
            OssTestClient.Resp r = client().call("PUT", "faults/put.bin").body(body).send();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.xml("Code")).isEqualTo("ServiceUnavailable");
            assertThat(r.header("x-oss-request-id")).isNotBlank();
        }
        assertThat(client().call("HEAD", "faults/put.bin").send().status()).isEqualTo(404);
        assertThat(client().call("PUT", "faults/put.bin").body(body).send().status()).isEqualTo(200);

        Counters counters = emulator.emulator().counters();
        assertThat(counters.requests(OssOperation.PUT_OBJECT)).isEqualTo(3);
        assertThat(counters.requests(OssOperation.HEAD_OBJECT)).isEqualTo(1);
        assertThat(counters.bodyBytesReceived(OssOperation.PUT_OBJECT)).isEqualTo(3 * 5000);
        assertThat(counters.bodyBytesReceived()).isEqualTo(3 * 5000);
        counters.reset();
        assertThat(counters.requests(OssOperation.PUT_OBJECT)).isZero();
    }

    @Test
    void failNextOnlyHitsItsOperation() {
        emulator.emulator().faults().failNext(OssOperation.UPLOAD_PART, 1, 500, "InternalError");
        assertThat(client().call("PUT", "faults/other.bin").body("x").send().status()).isEqualTo(200);
        assertThat(client().call("GET", "faults/other.bin").send().status()).isEqualTo(200);
    }

    @Test
    void randomFailuresHitEveryOperationUntilTurnedOff() {
        emulator.emulator().faults().failRandomly(1.0, 500, "InternalError");
        assertThat(client().call("GET", null).send().status()).isEqualTo(500);
        assertThat(client().call("HEAD", "x").send().status()).isEqualTo(500);
        emulator.emulator().faults().failRandomly(0, 0, null);
        assertThat(client().call("GET", null).send().status()).isEqualTo(200);
    }

    @Test
    void latencyDelaysTheAnswer() {
        client().call("PUT", "faults/slow.txt").body("x").send();
        emulator.emulator().faults().latency(OssOperation.HEAD_OBJECT, Duration.ofMillis(400));
        long start = System.nanoTime();
        assertThat(client().call("HEAD", "faults/slow.txt").send().status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        emulator.emulator().faults().clear();
        emulator.emulator().faults().latency(null, Duration.ofMillis(300));
        start = System.nanoTime();
        assertThat(client().call("GET", "faults/slow.txt").send().status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void cutConnectionDropsTheRequestMidBodyAfterReadingTheGivenBytes() {
        byte[] body = EmulatorMultipartTest.random(4 * 1024 * 1024, 2);
        emulator.emulator().faults().cutAfterBodyBytes(OssOperation.PUT_OBJECT, 1, 64 * 1024);
        assertThatThrownBy(() -> client().call("PUT", "faults/cut.bin").body(body).send())
                .isInstanceOf(UncheckedIOException.class);
        Counters counters = emulator.emulator().counters();
        assertThat(counters.requests(OssOperation.PUT_OBJECT)).isEqualTo(1);
        assertThat(counters.bodyBytesReceived(OssOperation.PUT_OBJECT)).isEqualTo(64 * 1024);
        assertThat(client().call("HEAD", "faults/cut.bin").send().status()).isEqualTo(404);
        // The rule is used up: the next attempt goes through whole.
        assertThat(client().call("PUT", "faults/cut.bin").body(body).send().status()).isEqualTo(200);
        assertThat(client().call("GET", "faults/cut.bin").send().body()).isEqualTo(body);
    }
}
