package io.ossync.packaging;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package's maintainer scripts (src/deb/control, shipped as they are: DebianPackageIT), run as dpkg
 * would run them but against a scratch tree, with every command they call replaced by a stub on PATH
 * that records its arguments (getent answers from what the stub adduser made). Nothing is installed.
 */
class MaintainerScriptsTest {

    /** The stubs: each appends "name args..." to $CALLS; getent knows what addgroup/adduser made. */
    private static final Map<String, String> STUBS = Map.of(
            "getent", "[ -f \"$STATE/$1-$2\" ]",
            "addgroup", "touch \"$STATE/group-$(eval echo \\${$#})\"",
            "adduser", "touch \"$STATE/passwd-$(eval echo \\${$#})\"",
            "stat", "echo \"$STUB_GROUP\"",
            "chgrp", ":",
            "systemctl", ":",
            "ossync", "exit \"${STUB_CDS_EXIT:-0}\"");

    @TempDir
    Path tmp;
    private Path scripts;
    private Path calls;
    private Path etc;
    private Path share;
    private Path systemdRun;
    private Path wants;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void scratchTree() throws IOException {
        Path stubs = Files.createDirectories(tmp.resolve("stubs"));
        for (Map.Entry<String, String> stub : STUBS.entrySet()) {
            executable(stubs.resolve(stub.getKey()), "#!/bin/sh\necho \"" + stub.getKey() + " $*\" >> \"$CALLS\"\n"
                    + stub.getValue() + "\n");
        }
        calls = tmp.resolve("calls");
        etc = Files.createDirectories(tmp.resolve("etc/ossync"));
        Files.writeString(etc.resolve("ossync.yaml"), "target: {}\n");
        share = Files.createDirectories(tmp.resolve("usr/share/ossync"));
        systemdRun = Files.createDirectories(tmp.resolve("run/systemd/system"));
        wants = tmp.resolve("etc/systemd/system/multi-user.target.wants/ossync.service");

        // the scripts, with their paths (one line each, asserted present) moved into the scratch tree
        scripts = Files.createDirectories(tmp.resolve("scripts"));
        Map<String, String> paths = Map.of(
                "launcher=/usr/bin/ossync", "launcher=" + stubs.resolve("ossync"),
                "etc=/etc/ossync", "etc=" + etc,
                "share=/usr/share/ossync", "share=" + share,
                "systemd_run=/run/systemd/system", "systemd_run=" + systemdRun,
                "systemd_etc=/etc/systemd/system", "systemd_etc=" + tmp.resolve("etc/systemd/system"));
        for (String name : List.of("postinst", "prerm", "postrm")) {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("src/deb/control", name))) {
                lines.add(paths.getOrDefault(line, line));
            }
            assertThat(lines).as(name).noneMatch(l -> l.contains("=/usr/") || l.contains("=/etc/") || l.contains("=/run/"));
            executable(scripts.resolve(name), String.join("\n", lines) + "\n");
        }

        env.put("PATH", stubs + ":/usr/bin:/bin");
        env.put("CALLS", calls.toString());
        env.put("STATE", Files.createDirectories(tmp.resolve("state")).toString());
        env.put("STUB_GROUP", "root");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Command run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        return Command.run(command, env);
    }

    /** The calls recorded since the last time, and forgets them. */
    private List<String> calls() throws IOException {
        if (!Files.exists(calls)) {
            return List.of();
        }
        List<String> recorded = Files.readAllLines(calls);
        Files.delete(calls);
        return recorded;
    }

    @Test
    void aFirstInstallMakesTheUserSetsTheGroupAndStartsNothing() throws Exception {
        run("postinst", "configure").ok();
        assertThat(calls()).containsExactly(
                "getent group ossync",
                "addgroup --system --quiet ossync",
                "getent passwd ossync",
                "adduser --system --quiet --ingroup ossync --home /var/lib/ossync --no-create-home"
                        + " --shell /usr/sbin/nologin ossync",
                "stat -c %G " + etc.resolve("ossync.yaml"),
                "chgrp ossync " + etc.resolve("ossync.yaml"),
                "ossync make-cds-archive",
                "systemctl --system daemon-reload");
    }

    @Test
    void anUpgradeMakesNoSecondUserAndRestartsOnlyARunningService() throws Exception {
        run("postinst", "configure").ok();
        calls();
        env.put("STUB_GROUP", "ossync");
        run("postinst", "configure", "0.1.0~SNAPSHOT").ok();
        List<String> upgrade = calls();
        assertThat(upgrade).containsExactly(
                "getent group ossync",
                "getent passwd ossync",
                "stat -c %G " + etc.resolve("ossync.yaml"),
                "ossync make-cds-archive",
                "systemctl --system daemon-reload",
                "systemctl try-restart ossync.service");
        // try-restart leaves a stopped service stopped; nothing enables or starts it
        assertThat(upgrade).noneMatch(c -> c.matches("systemctl.* (enable|start|reenable|--now)( .*)?"));
    }

    @Test
    void aGroupTheOperatorChoseIsKept() throws Exception {
        env.put("STUB_GROUP", "adm");
        run("postinst", "configure").ok();
        assertThat(calls()).noneMatch(c -> c.startsWith("chgrp"));
    }

    @Test
    void aFailedArchiveIsAWarningNotAFailedInstall() throws Exception {
        env.put("STUB_CDS_EXIT", "1");
        Command postinst = run("postinst", "configure");
        assertThat(postinst.exitCode()).isZero();
        assertThat(postinst.stderr()).contains("warning: could not make the class-data-sharing archive",
                "ossync make-cds-archive");
        assertThat(calls()).contains("ossync make-cds-archive", "systemctl --system daemon-reload");
    }

    @Test
    void withoutSystemdRunningNoSystemctl() throws Exception {
        Files.delete(systemdRun);
        run("postinst", "configure").ok();
        run("postinst", "configure", "0.1.0~SNAPSHOT").ok();
        run("prerm", "remove").ok();
        run("postrm", "purge").ok();
        assertThat(calls()).isNotEmpty().noneMatch(c -> c.startsWith("systemctl"));
    }

    @Test
    void removeStopsTheServiceAndDropsTheArchive() throws Exception {
        madeByMakeCdsArchive();
        run("prerm", "remove").ok();
        assertThat(calls()).containsExactly("systemctl stop ossync.service");
        assertThat(share).isEmptyDirectory();

        // dpkg has removed the package's files by now; postrm removes what it left
        madeByMakeCdsArchive();
        Files.createDirectories(wants.getParent());
        Files.createSymbolicLink(wants, Path.of("/lib/systemd/system/ossync.service"));
        run("postrm", "remove").ok();
        assertThat(calls()).containsExactly("systemctl --system daemon-reload");
        assertThat(share).doesNotExist();
        // remove keeps what the operator configured, the service's enablement too; purge drops it
        assertThat(wants).isSymbolicLink();
        run("postrm", "purge").ok();
        assertThat(Files.exists(wants, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void anUpgradeKeepsTheServiceRunningAndDropsTheOldArchive() throws Exception {
        madeByMakeCdsArchive();
        run("prerm", "upgrade", "0.1.1").ok();
        assertThat(calls()).isEmpty();
        assertThat(share).isEmptyDirectory();
        run("postrm", "upgrade", "0.1.1").ok();
        assertThat(share).exists();
    }

    /** What `ossync make-cds-archive` leaves in /usr/share/ossync beside the package's files. */
    private void madeByMakeCdsArchive() throws Exception {
        Files.writeString(share.resolve("ossync.jsa"), "archive");
        Files.writeString(share.resolve("libsqlitejdbc.so"), "library");
        Files.writeString(share.resolve("sqlite-library.stamp"), "46124888 1796000000 libsqlitejdbc.so\n");
    }

    @Test
    void anUnknownActionFails() throws Exception {
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Command c = run(script, "frobnicate");
            assertThat(c.exitCode()).as(script).isEqualTo(1);
            assertThat(c.stderr()).contains("unknown argument 'frobnicate'");
        }
    }
}
