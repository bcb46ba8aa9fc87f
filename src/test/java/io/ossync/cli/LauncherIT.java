package io.ossync.cli;

import io.ossync.testing.ShadedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/ossync with the real runtime and the runnable jar: make-cds-archive makes an archive the next
 * start maps, and an archive made for another path is ignored without a word.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin/ossync").toAbsolutePath();

    @TempDir
    Path tmp;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run launch(Path home, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OSSYNC_") || k.startsWith("OSS_"));
        pb.environment().put("OSSYNC_HOME", home.toString());
        // the runtime these tests run on, which the archive is made for
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(extraEnv);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private Path homeWithJar(String name) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(name)).toRealPath();
        Files.copy(ShadedJar.path(), home.resolve("ossync.jar"));
        return home;
    }

    private static String version() throws Exception {
        return "ossync " + versionOf(ShadedJar.path()) + "\n";
    }

    private static String versionOf(Path jar) throws Exception {
        try (var j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    @Test
    void makeCdsArchiveMakesAnArchiveThatTheNextStartMaps() throws Exception {
        Path home = homeWithJar("home");
        Run made = launch(home, Map.of(), "make-cds-archive");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        Path archive = home.resolve("ossync.jsa");
        assertThat(made.stdout()).startsWith("ossync: made " + archive + " (").contains(" for " + home.resolve("ossync.jar"))
                .hasLineCount(1);
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ossync.jar", "ossync.jsa",
                    "libsqlitejdbc.so", "sqlite-library.stamp");
        }

        // -Xshare:on makes a JVM that cannot map the archive fail; class+load names where classes came from.
        // (status: --version and help start without the archive.)
        Path none = tmp.resolve("none.db");
        Run run = launch(home, Map.of("OSSYNC_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + tmp.resolve("classes.log")),
                "status", "--state", none.toString());
        assertThat(run.stderr()).isEqualTo("ossync: no state database at " + none + " (has the daemon run yet?)\n");
        assertThat(Files.readAllLines(tmp.resolve("classes.log")))
                .anyMatch(l -> l.contains(" io.ossync.cli.StatusCommand source: shared objects file (top)"))
                .anyMatch(l -> l.contains(" picocli.CommandLine source: file:")); // Java 5 bytecode: never archived
        assertThat(launch(home, Map.of(), "--version").stdout()).isEqualTo(version());

        // a second run replaces it in place
        Run again = launch(home, Map.of(), "make-cds-archive");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(archive).exists();
    }

    @Test
    void theSqliteLibraryCopiedNextToTheJarIsLoadedOnlyWhileTheJarIsTheOneItCameFrom() throws Exception {
        Path home = homeWithJar("home");
        assertThat(launch(home, Map.of(), "make-cds-archive").exitCode()).isZero();
        Path db = tmp.resolve("empty.db");
        // any SQLite database: status opens it (loading the library) before it judges the schema
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
        }

        // sqlite-jdbc unpacks its library into org.sqlite.tmpdir unless told where one lies: a folder
        // that does not exist makes unpacking fail loudly, so a quiet run proves the copy was loaded.
        Map<String, String> noUnpacking = Map.of("OSSYNC_JAVA_OPTS", "-Dorg.sqlite.tmpdir=" + tmp.resolve("absent"));
        Run run = launch(home, noUnpacking, "status", "--state", db.toString());
        assertThat(run.stderr()).doesNotContain("native").doesNotContain("Exception").doesNotContain("Error");
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);

        // Another jar (here: the same bytes, another mtime): the copy is not trusted any more, and
        // sqlite-jdbc unpacks its own (which fails here, as it should).
        Files.setLastModifiedTime(home.resolve("ossync.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        Run stale = launch(home, noUnpacking, "status", "--state", db.toString());
        assertThat(stale.stdout() + stale.stderr()).containsIgnoringCase("native");
        assertThat(launch(home, Map.of(), "status", "--state", db.toString()).stderr())
                .doesNotContain("native").doesNotContain("Exception");
    }

    @Test
    void withoutALocaleFileNamesAreStillUtf8() throws Exception {
        Path home = homeWithJar("home");
        Path config = tmp.resolve("café ünïcode €.yaml");
        // empty is what setlocale reads as unset; the build runs tests under C.UTF-8, so clear them all
        Map<String, String> noLocale = Map.of("LANG", "", "LC_ALL", "", "LC_CTYPE", "");
        Run run = launch(home, noLocale, "check-config", "--config", config.toString());
        assertThat(run.stderr()).isEqualTo("ossync: config " + config + ": file not found\n");

        // a locale the user chose is left alone: under C the JVM cannot even take the name
        Run c = launch(home, Map.of("LANG", "", "LC_CTYPE", "", "LC_ALL", "POSIX.ISO-8859-1-not-installed"),
                "check-config", "--config", config.toString());
        assertThat(c.stderr()).doesNotContain("file not found");
    }

    @Test
    void anArchiveMadeForAnotherPathIsIgnoredSilently() throws Exception {
        Path first = homeWithJar("first");
        assertThat(launch(first, Map.of(), "make-cds-archive").exitCode()).isZero();
        Path second = homeWithJar("second");
        Files.copy(first.resolve("ossync.jsa"), second.resolve("ossync.jsa"));

        Run run = launch(second, Map.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(version());
        assertThat(run.stderr()).isEmpty();

        // a command that logs and prints: nothing about CDS in either stream
        Run help = launch(second, Map.of(), "status", "--state", tmp.resolve("none.db").toString());
        assertThat(help.exitCode()).isEqualTo(1);
        assertThat(help.stdout()).isEmpty();
        assertThat(help.stderr()).isEqualTo("ossync: no state database at " + tmp.resolve("none.db") + " (has the daemon run yet?)\n");
    }

    @Test
    void aJarThatCannotRunMakesNoArchiveAndSaysSo() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("broken")).toRealPath();
        Files.writeString(home.resolve("ossync.jar"), "not a jar");
        Run run = launch(home, Map.of(), "make-cds-archive");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("ossync: could not make the class-data-sharing archive for " + home.resolve("ossync.jar"));
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ossync.jar");
        }
    }
}
