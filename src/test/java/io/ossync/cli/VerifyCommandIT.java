package io.ossync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.DaemonExtension;
import io.ossync.testing.TestConfig;
import io.ossync.testing.TestFiles;
import io.ossync.upload.Crc64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ossync verify} and {@code ossync ls --config} beside a real daemon (a child JVM holding the
 * state database and its lock): a complete mirror, objects deleted and replaced behind the daemon's
 * back, a file rewritten in place (found with {@code --deep}), a file set aside, a file pending, and
 * the demo's embedded target read while the daemon that owns it runs.
 */
class VerifyCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String BUCKET = EmulatorExtension.BUCKET;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @RegisterExtension
    final DaemonExtension daemon = DaemonExtension.childJvm().against(emulator);

    private record Run(int exit, String out, String err) {
    }

    private Run ossync(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(TestConfig.EMULATOR_ENV);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private Run verify(String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--config", daemon.configFile().toString()));
        args.addAll(List.of(more));
        return ossync(args.toArray(String[]::new));
    }

    private static String summary(int files, int complete, int missing, int differ, int pending, int setAside,
                                  int changed) {
        return "verify: files=" + files + " complete=" + complete + " missing=" + missing + " differ=" + differ
                + " pending=" + pending + " set_aside=" + setAside + " changed=" + changed + " unreadable=0";
    }

    @Test
    void findsObjectsDeletedOrReplacedBehindTheDaemonsBackAndWithDeepAFileRewrittenInPlace() throws Exception {
        Path a = TestFiles.random(daemon.inbox().resolve("a.bin"), 300 * 1024, 1);
        Path b = TestFiles.random(Files.createDirectories(daemon.inbox().resolve("sub")).resolve("b.bin"), 2048, 2);
        Path c = TestFiles.random(daemon.inbox().resolve("c.bin"), 1024, 3);
        daemon.start();
        daemon.awaitObject("in/a.bin", TestFiles.sha256(a), WAIT);
        daemon.awaitObject("in/sub/b.bin", TestFiles.sha256(b), WAIT);
        daemon.awaitObject("in/c.bin", TestFiles.sha256(c), WAIT);
        daemon.awaitLog("file uploaded path=" + c, WAIT);
        daemon.awaitLog("file uploaded path=" + a, WAIT);
        daemon.awaitLog("file uploaded path=" + b, WAIT);

        // Complete, read while the daemon holds the state database and its lock.
        Run complete = verify();
        assertThat(complete.exit()).as(complete.err()).isEqualTo(ExitCodes.OK);
        assertThat(complete.out()).isEqualTo(summary(3, 3, 0, 0, 0, 0, 0) + "\n");
        assertThat(complete.err()).isEmpty();
        Run completeJson = verify("--json");
        assertThat(completeJson.exit()).isEqualTo(ExitCodes.OK);
        JsonNode tree = new ObjectMapper().readTree(completeJson.out());
        assertThat(tree.get("complete").asBoolean()).isTrue();
        assertThat(tree.get("summary").get("files").asInt()).isEqualTo(3);
        assertThat(tree.get("findings")).isEmpty();
        assertThat(daemon.alive()).isTrue();

        // Behind the daemon's back: one object deleted, one replaced by other bytes of the same size.
        byte[] other = new byte[2048];
        other[0] = 1;
        daemon.remote().delete(BUCKET, "in/a.bin");
        daemon.remote().put(BUCKET, "in/sub/b.bin", other);
        Run broken = verify();
        assertThat(broken.exit()).as(broken.err()).isEqualTo(ExitCodes.FAILURE);
        List<String> lines = broken.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("missing in/a.bin " + a + " (the ledger records an upload on ")
                .endsWith("; the bucket has no such object)");
        assertThat(lines.get(1)).isEqualTo("differ in/sub/b.bin " + b + " (crc64 "
                + Long.toUnsignedString(Crc64.of(Files.readAllBytes(b))) + " in the ledger, "
                + Long.toUnsignedString(Crc64.of(other)) + " in the bucket)");
        assertThat(lines.get(2)).isEqualTo(summary(3, 1, 1, 1, 0, 0, 0));
        assertThat(daemon.terminate()).isZero();

        // c.bin rewritten in place: same size, same inode, its mtime put back; only --deep can tell.
        long uploaded = Crc64.of(Files.readAllBytes(c));
        FileTime mtime = Files.getLastModifiedTime(c);
        Object inode = Files.readAttributes(c, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        try (FileChannel ch = FileChannel.open(c, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("rewritten".getBytes(StandardCharsets.UTF_8)), 100);
        }
        Files.setLastModifiedTime(c, mtime);
        assertThat(Files.readAttributes(c, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(c)).isEqualTo(mtime);
        Run shallow = verify();
        assertThat(shallow.out()).endsWith(summary(3, 1, 1, 1, 0, 0, 0) + "\n");
        Run deep = verify("--deep", "--concurrency", "2");
        assertThat(deep.exit()).isEqualTo(ExitCodes.FAILURE);
        List<String> deepLines = deep.out().lines().toList();
        assertThat(deepLines).hasSize(4);
        assertThat(deepLines.get(1)).isEqualTo("changed in/c.bin " + c + " (crc64 " + Long.toUnsignedString(uploaded)
                + " in the ledger and the bucket, " + Long.toUnsignedString(Crc64.of(Files.readAllBytes(c)))
                + " read from the file (same size, mtime and inode))");
        assertThat(deepLines.get(3)).isEqualTo(summary(3, 0, 1, 1, 0, 0, 1));
    }

    @Test
    void reportsAFileSetAsideAndAFileNotYetUploaded() throws Exception {
        Path ok = TestFiles.random(daemon.inbox().resolve("ok.bin"), 512, 4);
        // Five folders of 250 characters: a key of more than 1,023 bytes, which the daemon sets aside.
        Path deep = daemon.inbox();
        for (int i = 0; i < 5; i++) {
            deep = deep.resolve(String.valueOf((char) ('a' + i)).repeat(250));
        }
        Path tooLong = TestFiles.random(Files.createDirectories(deep).resolve("f.bin"), 100, 5);
        daemon.start();
        daemon.awaitLog("file set aside path=" + tooLong, WAIT);
        daemon.awaitObject("in/ok.bin", TestFiles.sha256(ok), WAIT);
        daemon.awaitLog("file uploaded path=" + ok, WAIT);
        assertThat(daemon.terminate()).isZero();
        Path fresh = TestFiles.random(daemon.inbox().resolve("fresh.bin"), 64, 6);

        Run r = verify("--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        JsonNode tree = new ObjectMapper().readTree(r.out());
        assertThat(tree.get("complete").asBoolean()).isFalse();
        JsonNode summary = tree.get("summary");
        assertThat(summary.get("files").asInt()).isEqualTo(3);
        assertThat(summary.get("complete").asInt()).isEqualTo(1);
        assertThat(summary.get("pending").asInt()).isEqualTo(1);
        assertThat(summary.get("set_aside").asInt()).isEqualTo(1);
        assertThat(summary.get("missing").asInt() + summary.get("differ").asInt()).isZero();
        JsonNode findings = tree.get("findings");
        assertThat(findings).hasSize(2);
        // Sorted by path: inbox/aaa.../f.bin before inbox/fresh.bin.
        assertThat(findings.get(0).get("kind").asText()).isEqualTo("set_aside");
        assertThat(findings.get(0).get("path").asText()).isEqualTo(tooLong.toString());
        assertThat(findings.get(0).get("key").isNull()).isTrue();
        assertThat(findings.get(0).get("detail").asText()).contains("1023");
        assertThat(findings.get(1).get("kind").asText()).isEqualTo("pending");
        assertThat(findings.get(1).get("key").asText()).isEqualTo("in/fresh.bin");
        assertThat(findings.get(1).get("path").asText()).isEqualTo(fresh.toString());
        assertThat(findings.get(1).get("detail").asText()).isEqualTo("never uploaded; not queued yet");
    }

    @Test
    void listsAndVerifiesTheEmbeddedTargetWhileTheDaemonThatOwnsItRuns() throws Exception {
        daemon.config().endpoint("embedded");
        daemon.start();
        Path hello = Files.writeString(daemon.inbox().resolve("hello.txt"), "hello");
        daemon.awaitLog("file uploaded path=" + hello, WAIT);

        Run ls = ossync("ls", "--config", daemon.configFile().toString());
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out().lines().toList()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("\\S+Z +5 Standard +- +in/hello\\.txt");
        Run crc = ossync("ls", "--config", daemon.configFile().toString(), "--crc", "--json", "oss://" + BUCKET + "/in/");
        assertThat(crc.out()).contains("\"key\":\"in/hello.txt\"").contains("\"crc64\":\""
                + Long.toUnsignedString(Crc64.of("hello".getBytes(StandardCharsets.UTF_8))) + "\"");

        Run v = verify();
        assertThat(v.exit()).as(v.out() + v.err()).isEqualTo(ExitCodes.OK);
        assertThat(v.out()).isEqualTo(summary(1, 1, 0, 0, 0, 0, 0) + "\n");

        // The daemon goes on uploading into the folder the readers read; a new reader sees the new object.
        Path second = Files.writeString(daemon.inbox().resolve("second.txt"), "second!");
        daemon.awaitLog("file uploaded path=" + second, WAIT);
        assertThat(ossync("ls", "--config", daemon.configFile().toString()).out().lines())
                .hasSize(2).last().asString().endsWith(" in/second.txt");
        assertThat(daemon.alive()).isTrue();
        assertThat(daemon.log()).doesNotContain("ERROR");
    }
}
