package io.ossync.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where the state database lives when no {@code --state} is given: the XDG state directory. */
final class StatePaths {

    private StatePaths() {
    }

    /** {@code $XDG_STATE_HOME/ossync/state.db}, or {@code ~/.local/state/ossync/state.db}. */
    static Path defaultStateDb(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(userHome, ".local", "state");
        return base.resolve("ossync").resolve("state.db");
    }
}
