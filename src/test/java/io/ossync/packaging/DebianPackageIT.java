package io.ossync.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian package {@code mvn package} made ({@code <build dir>/ossync_<version>_all.deb}), checked with
 * {@code dpkg-deb}: its control fields, conffiles and maintainer scripts, the files it installs with their
 * modes, and, unpacked into a scratch root (it is never installed here), its launcher running its jar and
 * its systemd unit's sandbox score. Skipped where {@code dpkg-deb} (or, for the score, {@code
 * systemd-analyze}) is missing.
 */
class DebianPackageIT {

    private static final Path DPKG_DEB = Path.of("/usr/bin/dpkg-deb");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    /** Set by failsafe (pom.xml); the defaults are those of a plain {@code mvn verify}. */
    private static final Path BUILD_DIR = Path.of(System.getProperty("ossync.buildDir", "target"));
    private static final String VERSION = System.getProperty("ossync.version", "0.1.0-SNAPSHOT");

    private static Path deb;

    @BeforeAll
    static void findPackage() throws IOException {
        assumeTrue(Files.isExecutable(DPKG_DEB), "dpkg-deb is not installed");
        try (Stream<Path> files = Files.list(BUILD_DIR)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("ossync_.*_all\\.deb")).toList();
            assertThat(debs).as("packages in %s", BUILD_DIR).hasSize(1);
            deb = debs.get(0);
        }
        // 0.1.0-SNAPSHOT is 0.1.0~SNAPSHOT for dpkg: it sorts before the release 0.1.0
        assertThat(deb.getFileName()).hasToString("ossync_" + debianVersion() + "_all.deb");
    }

    private static String debianVersion() {
        return VERSION.replace("-SNAPSHOT", "~SNAPSHOT");
    }

    @Test
    void controlNamesThePackageItsJavaAndItsConffiles(@TempDir Path control) throws Exception {
        Map<String, String> fields = new HashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Depends", "Maintainer", "Description")) {
            fields.put(field, Command.run(DPKG_DEB.toString(), "--field", deb.toString(), field).ok().strip());
        }
        assertThat(fields).containsEntry("Package", "ossync").containsEntry("Version", debianVersion())
                .containsEntry("Architecture", "all");
        // a Java 17+ runtime (openjdk-17/21 provide java17-runtime-headless) and what postinst calls
        assertThat(fields.get("Depends").split(",\\s*")).containsExactlyInAnyOrder(
                "default-jre-headless (>= 2:1.17) | java17-runtime-headless", "adduser");
        assertThat(fields.get("Maintainer")).isNotBlank();
        assertThat(fields.get("Description")).startsWith("mirror watched folders into Alibaba Cloud OSS");

        Command.run(DPKG_DEB.toString(), "--control", deb.toString(), control.toString()).ok();
        assertThat(Files.readAllLines(control.resolve("conffiles")))
                .containsExactly("/etc/ossync/ossync.yaml", "/etc/ossync/credentials");
        // the maintainer scripts shipped are the ones MaintainerScriptsTest runs, executable
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(control.resolve(script)).hasSameTextualContentAs(Path.of("src/deb/control", script));
            assertThat(Files.getPosixFilePermissions(control.resolve(script)).toString()).contains("OWNER_EXECUTE");
        }
        assertThat(control.resolve("preinst")).doesNotExist();
    }

    @Test
    void installsTheseFilesWithTheseModes() throws Exception {
        // ./usr/bin/ossync -> -rwxr-xr-x root/root; directories apart
        Pattern line = Pattern.compile("^(\\S+) (\\S+)\\s+(\\d+) \\S+ \\S+ (\\S+)$");
        Map<String, String> files = new LinkedHashMap<>();
        for (String entry : Command.run(DPKG_DEB.toString(), "--contents", deb.toString()).ok().lines().toList()) {
            Matcher m = line.matcher(entry);
            assertThat(m.matches()).as(entry).isTrue();
            assertThat(m.group(2)).as(entry).isEqualTo("root/root");
            if (!m.group(1).startsWith("d")) {
                files.put(m.group(4), m.group(1) + (m.group(4).endsWith("/credentials") ? " " + m.group(3) : ""));
            }
        }
        assertThat(files).containsOnly(
                Map.entry("./usr/bin/ossync", "-rwxr-xr-x"),
                Map.entry("./usr/share/ossync/ossync.jar", "-rw-r--r--"),
                Map.entry("./usr/share/ossync/jvm.options", "-rw-r--r--"),
                Map.entry("./lib/systemd/system/ossync.service", "-rw-r--r--"),
                // root:root in the package (the group ossync does not exist yet); postinst sets the group
                Map.entry("./etc/ossync/ossync.yaml", "-rw-r-----"),
                // empty, readable by root only: systemd reads it before dropping to the ossync user
                Map.entry("./etc/ossync/credentials", "-rw------- 0"),
                Map.entry("./usr/share/doc/ossync/copyright", "-rw-r--r--"));
    }

    @Test
    void unpackedItRunsItsOwnJarAndScoresAtMostTwo(@TempDir Path root) throws Exception {
        Command.run(DPKG_DEB.toString(), "--extract", deb.toString(), root.toString()).ok();
        // what the build made, byte for byte
        assertThat(root.resolve("usr/bin/ossync")).hasSameBinaryContentAs(Path.of("bin/ossync"));
        assertThat(root.resolve("usr/share/ossync/ossync.jar")).hasSameBinaryContentAs(BUILD_DIR.resolve("ossync.jar"));
        assertThat(root.resolve("usr/share/ossync/jvm.options")).hasSameBinaryContentAs(Path.of("conf/jvm.options"));
        assertThat(root.resolve("lib/systemd/system/ossync.service")).hasSameBinaryContentAs(Path.of("systemd/ossync.service"));
        assertThat(root.resolve("etc/ossync/ossync.yaml")).hasSameBinaryContentAs(Path.of("conf/ossync.yaml"));
        assertThat(root.resolve("etc/ossync/credentials")).isEmptyFile();

        // the launcher finds the jar beside it (<root>/usr/share/ossync), as /usr/bin/ossync finds /usr/share/ossync;
        // the runtime is this test's (Java 17+), whatever else the machine has on PATH
        Map<String, String> env = new HashMap<>();
        env.put("OSSYNC_HOME", null);
        env.put("OSSYNC_JAVA_OPTS", null);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Command version = Command.run(List.of(root.resolve("usr/bin/ossync").toString(), "--version"), env);
        assertThat(version.ok().strip()).isEqualTo("ossync " + VERSION);

        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Path unit = root.resolve("lib/systemd/system/ossync.service");
        Command score = Command.run(ANALYZE.toString(), "--no-pager", "security", "--offline=true", unit.toString());
        Matcher m = Pattern.compile("Overall exposure level for ossync\\.service: (\\d+\\.\\d+)").matcher(score.stdout());
        assertThat(m.find()).as(score.stdout() + score.stderr()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(2.0);
        assertThat(Files.readAllLines(unit)).contains("ExecStart=/usr/bin/ossync run --config /etc/ossync/ossync.yaml");
    }
}
