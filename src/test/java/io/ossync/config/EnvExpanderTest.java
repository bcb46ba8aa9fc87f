package io.ossync.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvExpanderTest {

    private final EnvExpander env = new EnvExpander(Map.of("BUCKET", "logs-prod", "EMPTY", "", "DIR", "/data"));

    @Test
    void expandsVariablesAndRecordsWhichWereUsed() {
        EnvExpander.Expansion e = env.expand("${DIR}/in/${BUCKET}");
        assertThat(e.value()).isEqualTo("/data/in/logs-prod");
        assertThat(e.variables()).containsExactly("DIR", "BUCKET");
        assertThat(e.expanded()).isTrue();
    }

    @Test
    void defaultsApplyWhenUnsetOrEmpty() {
        assertThat(env.expand("${NOPE:-fallback}").value()).isEqualTo("fallback");
        assertThat(env.expand("${EMPTY:-fallback}").value()).isEqualTo("fallback");
        assertThat(env.expand("${BUCKET:-fallback}").value()).isEqualTo("logs-prod");
        assertThat(env.expand("${NOPE:-}").value()).isEmpty();
    }

    @Test
    void leavesTemplatesAndLoneDollarsAloneAndUnescapesDoubleDollar() {
        EnvExpander.Expansion e = env.expand("logs/{hostname}/{date:yyyy}/$x/$$/end$");
        assertThat(e.value()).isEqualTo("logs/{hostname}/{date:yyyy}/$x/$/end$");
        assertThat(e.variables()).isEmpty();
        assertThat(env.expand("$${BUCKET}").value()).isEqualTo("${BUCKET}");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        assertThatThrownBy(() -> env.expand("${OSS_BUCKET}"))
                .hasMessage("environment variable OSS_BUCKET is not set (write ${OSS_BUCKET:-default} to give a default)");
    }

    @Test
    void malformedReferencesAreErrors() {
        assertThatThrownBy(() -> env.expand("${BUCKET")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> env.expand("${9X}")).hasMessageContaining("invalid environment variable reference");
        assertThatThrownBy(() -> env.expand("${}")).hasMessageContaining("invalid environment variable reference");
        assertThat(List.of(env.expand("plain").expanded())).containsExactly(false);
    }
}
