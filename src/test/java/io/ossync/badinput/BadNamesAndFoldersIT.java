package io.ossync.badinput;

import io.ossync.cli.Main;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input the daemon meets in folders: odd names, keys too long, symlinks, a folder not there yet. */
class BadNamesAndFoldersIT {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.inProcess().against(emulator);

    @TempDir
    Path tmp;

    /** A 200-byte prefix: with {@link #fileWithATooLongKey}, a key over OSS's 1,023 bytes. */
    static final String LONG_PREFIX = "p".repeat(200) + "/";

    /**
     * A file 5 folders of 200 bytes deep in {@code inbox}: under {@link #LONG_PREFIX} its key is
     * over 1,023 bytes, while every name stays under the file system's 255 bytes.
     */
    static Path fileWithATooLongKey(Path inbox) throws IOException {
        Path deep = inbox;
        for (int i = 0; i < 5; i++) {
            deep = deep.resolve(Character.toString('a' + i).repeat(200));
        }
        return TestFiles.random(Files.createDirectories(deep).resolve("file.bin"), 5000, 1);
    }

    static String status(Path config, String... more) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.newCommandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String[] args = new String[2 + more.length + 1];
        args[0] = "status";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        int exit = cl.execute(args);
        assertThat(exit).as("status exit code; output: %s", out).isZero();
        return out.toString();
    }

    @Test
    void namesWithSpacesUnicodePercentPlusQuestionHashAndNewlineArriveUnderTheirOwnKeys() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        List<String> names = List.of("with space.txt", "ünïcødé 日本語.bin", "100%.txt", "%41%2F.txt", "a+b.txt",
                "what?.txt", "hash#tag.txt", "new\nline.txt", "sub dir/x y+z?#%.dat");
        Map<String, String> expected = new LinkedHashMap<>();
        int seed = 0;
        for (String name : names) {
            Path f = inbox.resolve(name);
            Files.createDirectories(f.getParent());
            TestFiles.random(f, 1000 + seed * 7919L, seed++);
            expected.put("in/" + name, TestFiles.sha256(f));
        }
        // One multipart upload with an odd name: the key also travels in the multipart requests.
        Path big = TestFiles.random(inbox.resolve("big ?#%+ é\n.bin"), 3L * 1024 * 1024 + 1, 99);
        expected.put("in/big ?#%+ é\n.bin", TestFiles.sha256(big));

        daemon.config().onlyWatch(inbox, "in/");
        daemon.start();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            daemon.awaitObject(e.getKey(), e.getValue(), Duration.ofSeconds(30));
        }
        assertThat(daemon.remote().openUploads(EmulatorExtension.BUCKET, "")).isEmpty();
    }

    @Test
    void aKeyOverTheOssLimitIsSetAsideWithAClearReasonAndTheOtherFilesContinue() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        String prefix = LONG_PREFIX;
        Path tooLong = fileWithATooLongKey(inbox);
        Path fine = TestFiles.random(inbox.resolve("fine.bin"), 5000, 2);
        daemon.config().onlyWatch(inbox, prefix);
        daemon.start();
        daemon.awaitObject(prefix + "fine.bin", TestFiles.sha256(fine), Duration.ofSeconds(30));
        daemon.awaitLog("file set aside path=" + tooLong, Duration.ofSeconds(30));
        assertThat(daemon.logLines()).anyMatch(l -> l.startsWith("WARN") && l.contains("file set aside path=" + tooLong)
                && l.contains("OSS allows at most 1023"));
        // The text shortens a long path (keeping the file name); the JSON gives it whole.
        assertThat(status(daemon.configFile())).contains("/file.bin").contains("OSS allows at most 1023");
        assertThat(status(daemon.configFile(), "--json")).contains(tooLong.toString())
                .contains("OSS allows at most 1023");
        // After it, new files still go.
        Path later = TestFiles.random(inbox.resolve("later.bin"), 3000, 3);
        daemon.awaitObject(prefix + "later.bin", TestFiles.sha256(later), Duration.ofSeconds(30));
    }

    @Test
    void symlinkLoopsAndLinksOutOfTheFolderAreNotFollowedAndDoNotHang() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        TestFiles.random(outside.resolve("secret.bin"), 2000, 1);
        Files.createSymbolicLink(inbox.resolve("to-outside-file"), outside.resolve("secret.bin"));
        Files.createSymbolicLink(inbox.resolve("to-outside-dir"), outside);
        Files.createDirectories(inbox.resolve("loop"));
        Files.createSymbolicLink(inbox.resolve("loop/parent"), inbox);               // directory cycle
        Files.createSymbolicLink(inbox.resolve("self"), inbox.resolve("self"));       // link to itself
        Files.createSymbolicLink(inbox.resolve("ping"), inbox.resolve("pong"));       // two-link cycle
        Files.createSymbolicLink(inbox.resolve("pong"), inbox.resolve("ping"));
        Path real = TestFiles.random(inbox.resolve("loop/real.bin"), 2000, 2);

        daemon.config().onlyWatch(inbox, "in/");
        daemon.start();
        daemon.awaitObject("in/loop/real.bin", TestFiles.sha256(real), Duration.ofSeconds(30));
        // A link created while running is seen by the watcher, and not followed either.
        Files.createSymbolicLink(inbox.resolve("late-link"), outside.resolve("secret.bin"));
        Path after = TestFiles.random(inbox.resolve("after.bin"), 2000, 3);
        daemon.awaitObject("in/after.bin", TestFiles.sha256(after), Duration.ofSeconds(30));
        Thread.sleep(500);   // a quiet period more: a followed link would show up by now

        List<String> keys = BucketKeys.list(emulator.endpoint(), "");
        assertThat(keys).containsExactlyInAnyOrder("in/loop/real.bin", "in/after.bin");
    }

    @Test
    void aWatchedFolderMissingAtStartIsWaitedForAndItsFilesUploadedWhenItAppears() throws Exception {
        Path inbox = tmp.resolve("later/inbox");
        daemon.config().onlyWatch(inbox, "in/");
        daemon.start();
        daemon.awaitLog("root unavailable", Duration.ofSeconds(10));
        assertThat(daemon.logLines()).anyMatch(l -> l.startsWith("WARN") && l.contains("root unavailable")
                && l.contains(inbox.toString()));
        Files.createDirectories(inbox.resolve("sub"));
        Path a = TestFiles.random(inbox.resolve("sub/a.bin"), 4000, 1);
        daemon.awaitObject("in/sub/a.bin", TestFiles.sha256(a), Duration.ofSeconds(60));
        Path b = TestFiles.random(inbox.resolve("b.bin"), 4000, 2);
        daemon.awaitObject("in/b.bin", TestFiles.sha256(b), Duration.ofSeconds(30));
    }
}
