package io.ossync.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runnable jar the build made ({@code ossync.jar} in the build folder, set by failsafe as the
 * system property {@code ossync.jar}): for tests of what users run, its service files and the
 * launcher. Only integration tests (after package) can use it.
 */
public final class ShadedJar {

    private ShadedJar() {
    }

    public static Path path() {
        Path jar = Path.of(System.getProperty("ossync.jar", "target/ossync.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runnable jar at " + jar + ": run the integration tests with mvn verify");
        }
        return jar;
    }
}
