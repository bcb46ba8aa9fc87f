package io.ossync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.state.StateDatabase;
import io.ossync.testing.MutableClock;
import io.ossync.testing.StateDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's credentials row, as {@code ossync status} reads and shows it (text and JSON). */
class CredentialsStatusTest {

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");

    @RegisterExtension
    final StateDatabaseExtension state = new StateDatabaseExtension();

    private StatusReport status() {
        try (StateDatabase reader = StateDatabase.openReadOnly(state.file())) {
            return new StatusReader(reader, new MutableClock(T0)).read();
        }
    }

    @Test
    void noRowBeforeADaemonWroteOne() throws Exception {
        StatusReport report = status();
        assertThat(report.credentials()).isEmpty();
        assertThat(StatusFormatter.text().format(report)).doesNotContain("credentials");
        JsonNode json = new ObjectMapper().readTree(StatusFormatter.json().format(report));
        assertThat(json.get("credentials").isNull()).isTrue();
    }

    @Test
    void temporaryCredentialsShowTheirSourceAndExpiry() throws Exception {
        CredentialsRecords records = new CredentialsRecords(state.database());
        records.write(new CredentialsRecord("uri http://127.0.0.1:8080/creds", Optional.of(T0.plusSeconds(754)),
                Optional.empty(), Optional.empty(), T0.minusSeconds(2)));

        StatusReport report = status();
        assertThat(report.credentials()).contains(new CredentialsRecord("uri http://127.0.0.1:8080/creds",
                Optional.of(T0.plusSeconds(754)), Optional.empty(), Optional.empty(), T0.minusSeconds(2)));
        List<String> lines = StatusFormatter.text().format(report).lines().toList();
        assertThat(lines).contains("credentials  uri http://127.0.0.1:8080/creds (temporary, expires "
                + "2026-12-07T20:12:34Z (in 12m 34s)); recorded 2026-12-07T19:59:58Z");
        JsonNode c = new ObjectMapper().readTree(StatusFormatter.json().format(report)).get("credentials");
        assertThat(c.get("source").asText()).isEqualTo("uri http://127.0.0.1:8080/creds");
        assertThat(c.get("expires_at").asText()).isEqualTo("2026-12-07T20:12:34Z");
        assertThat(c.get("problem").isNull()).isTrue();
        assertThat(c.get("recorded_at").asText()).isEqualTo("2026-12-07T19:59:58Z");
    }

    @Test
    void aFailingRefreshIsShownWithItsReasonAndPermanentKeysHaveNoExpiry() throws Exception {
        CredentialsRecords records = new CredentialsRecords(state.database());
        records.write(new CredentialsRecord("ecs-ram-role", Optional.empty(),
                Optional.of("ecs-ram-role: Failed to connect ECS Metadata Service"), Optional.of(T0.minusSeconds(60)),
                T0));

        StatusReport report = status();
        String text = StatusFormatter.text().format(report);
        assertThat(text).contains("credentials  ecs-ram-role (permanent keys); REFRESH FAILING since "
                + "2026-12-07T19:59:00Z: ecs-ram-role: Failed to connect ECS Metadata Service");
        JsonNode c = new ObjectMapper().readTree(StatusFormatter.json().format(report)).get("credentials");
        assertThat(c.get("expires_at").isNull()).isTrue();
        assertThat(c.get("problem").asText()).startsWith("ecs-ram-role: Failed");
        assertThat(c.get("problem_since").asText()).isEqualTo("2026-12-07T19:59:00Z");
    }
}
