package io.ossync.config;

import java.util.List;

/** A valid configuration and what the loader found worth a warning (never printed by it). */
public record LoadedConfig(DaemonConfig config, List<ConfigProblem> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
