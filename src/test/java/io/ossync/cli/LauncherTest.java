package io.ossync.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher bin/ossync's own logic, with a stand-in {@code java} that prints the arguments it
 * was given: what reaches the JVM, in which order, and the errors before any JVM starts. With a
 * real JVM and the real jar: LauncherIT.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("bin/ossync").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path home;
    private Path javaHome;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("ossync.jar"), "not a jar: the stand-in java never opens it");
        javaHome = fakeJava(tmp.resolve("jdk17"), "17.0.15");
    }

    /** A runtime folder whose bin/java prints each argument followed by NUL. */
    private static Path fakeJava(Path dir, String version) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = dir.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a; do printf '%s\\0' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private record Run(int exitCode, String stdout, String stderr) {
        /** The JVM's arguments, as the stand-in printed them. */
        List<String> args() {
            return stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\0", -1)).subList(0, stdout.split("\0", -1).length - 1);
        }

        /** What follows {@code -jar JAR}. */
        List<String> commandArgs() {
            List<String> a = args();
            return a.subList(a.indexOf("-jar") + 2, a.size());
        }

        /** What comes before {@code -jar}. */
        List<String> jvmOptions() {
            List<String> a = args();
            return a.subList(0, a.indexOf("-jar"));
        }
    }

    private Run launch(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OSSYNC_") || k.equals("JAVA_HOME"));
        env.put("OSSYNC_HOME", home.toString());
        env.put("JAVA_HOME", javaHome.toString());
        env.putAll(extraEnv);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run launch(String... args) throws Exception {
        return launch(Map.of(), args);
    }

    @Test
    void argumentsReachTheJarIntactAndInOrder() throws Exception {
        String[] args = {"upload", "/in/a file with  spaces.txt", "oss://b/k ey", "*", "", "-Xmx1m", "line\nbreak", "$HOME", "'q'\"q\""};
        Run run = launch(args);
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.args()).containsSubsequence("-jar", home.resolve("ossync.jar").toString());
        assertThat(run.commandArgs()).containsExactly(args);
    }

    @Test
    void shippedOptionsComeFirstThenOssyncJavaOptsThenTheJar() throws Exception {
        Files.writeString(home.resolve("jvm.options"), """
                # a comment line
                  -Xmx160m   # trailing comment, blanks around
                
                -XX:+UseSerialGC\t
                -Dshipped=a b
                """);
        Run run = launch(Map.of("OSSYNC_JAVA_OPTS", "  -Xmx512m   -Dextra=1 "), "run", "f");
        assertThat(run.jvmOptions()).containsExactly("-Xmx160m", "-XX:+UseSerialGC", "-Dshipped=a b", "-Xmx512m", "-Dextra=1");
        assertThat(run.commandArgs()).containsExactly("run", "f");
    }

    @Test
    void withoutJvmOptionsInHomeTheCheckoutsConfIsUsed() throws Exception {
        List<String> conf = Files.readAllLines(Path.of("conf/jvm.options")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        assertThat(launch("run").jvmOptions()).containsExactlyElementsOf(conf).contains("-XX:+UseSerialGC");
    }

    @Test
    void theArchiveIsUsedOnlyWhenPresentAndNeverLoudly() throws Exception {
        assertThat(launch("upload").jvmOptions()).noneMatch(o -> o.contains("SharedArchiveFile") || o.startsWith("-Xshare"));
        Files.writeString(home.resolve("ossync.jsa"), "x");
        for (String c : new String[] {"upload", "status", "run"}) {
            assertThat(launch(c).jvmOptions()).as(c).containsSubsequence(
                    "-XX:SharedArchiveFile=" + home.toRealPath().resolve("ossync.jsa"), "-Xshare:auto", "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off");
        }
        // --version and help load too little for the archive to pay for its mapping
        for (String c : new String[] {"--version", "-V", "help", "--help"}) {
            assertThat(launch(c).jvmOptions()).as(c).noneMatch(o -> o.contains("SharedArchiveFile"));
        }
    }

    @Test
    void theJarPathIsCanonicalHoweverHomeIsReached() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), home);
        Run run = launch(Map.of("OSSYNC_HOME", link + "/./"), "status");
        assertThat(run.args()).containsSubsequence("-jar", home.toRealPath().resolve("ossync.jar").toString());
    }

    @Test
    void shortCommandsRunWithoutC2AndBulkCommandsWithIt() throws Exception {
        for (String c : new String[] {"--version", "status", "check-config", "help", "upload"}) {
            assertThat(launch(c).jvmOptions()).as(c).contains("-XX:TieredStopAtLevel=1");
        }
        for (String c : new String[] {"run", "emulator", "verify"}) {
            assertThat(launch(c).jvmOptions()).as(c).doesNotContain("-XX:TieredStopAtLevel=1");
        }
        // a user's choice comes later and wins
        assertThat(launch(Map.of("OSSYNC_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "status").jvmOptions())
                .endsWith("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4");
    }

    @Test
    void anOldOrMissingJavaHomeIsAClearErrorBeforeAnyJvm() throws Exception {
        Path jdk11 = fakeJava(tmp.resolve("jdk11"), "11.0.2");
        Run old = launch(Map.of("JAVA_HOME", jdk11.toString()), "status");
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.stdout()).isEmpty();
        assertThat(old.stderr()).isEqualTo("ossync: JAVA_HOME=" + jdk11 + " is not a Java 17 or later runtime\n");

        Path jdk8 = fakeJava(tmp.resolve("jdk8"), "1.8.0_392");
        assertThat(launch(Map.of("JAVA_HOME", jdk8.toString()), "status").stderr()).contains("is not a Java 17 or later runtime");

        Path missing = tmp.resolve("no-such-jdk");
        Run none = launch(Map.of("JAVA_HOME", missing.toString()), "status");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("ossync: JAVA_HOME=" + missing + " is not a Java 17 or later runtime\n");
    }

    @Test
    void aHomeWithoutTheJarIsAClearError() throws Exception {
        Files.delete(home.resolve("ossync.jar"));
        Run run = launch("status");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("ossync: OSSYNC_HOME=" + home + " holds no ossync.jar\n");
    }

    @Test
    void makeCdsArchiveTakesNoArgumentsAndIsNeverPassedToTheJar() throws Exception {
        Run run = launch("make-cds-archive", "extra");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("ossync: make-cds-archive takes no arguments\n");
    }

    @Test
    void makeCdsArchiveFailsClearlyAndLeavesNothingBehind() throws Exception {
        // The stand-in java "succeeds" but writes no archive: the launcher must notice.
        Run run = launch("make-cds-archive");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("ossync: could not make the class-data-sharing archive for "
                + home.toRealPath().resolve("ossync.jar"));
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ossync.jar");
        }
    }
}
