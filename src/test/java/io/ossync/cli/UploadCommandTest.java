package io.ossync.cli;

import io.ossync.emulator.EmulatorExtension;
import io.ossync.testing.CredentialsUriServer;
import io.ossync.testing.RemoteObjects;
import io.ossync.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync upload} as a user runs it: exit codes, the one line on bad input, nothing left open. */
class UploadCommandTest {

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID);
        env.put("OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET);
        env.put("OSS_ENDPOINT", emulator.endpoint());
        env.put("OSS_REGION", "cn-hangzhou");
        return env;
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run upload(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "upload";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[args.length - 1] = "--state=" + tmp.resolve("state.db");
        return run(env(), args);
    }

    private void assertOneLineFailure(Run r, String expected) {
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("ossync: ").contains(expected);
    }

    private void assertNothingOpen() {
        try (RemoteObjects remote = new RemoteObjects(emulator.endpoint(), "cn-hangzhou",
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET)) {
            assertThat(remote.openUploads("test-bucket", "")).isEmpty();
        }
    }

    @Test
    void uploadsAFileAndPrintsWhatItDid() throws Exception {
        Path f = TestFiles.random(tmp.resolve("f.bin"), 900 * 1024, 1);
        Run r = upload(f.toString(), "oss://test-bucket/x/f.bin", "--part-size", "256KiB", "--routines", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("uploaded " + f + " to oss://test-bucket/x/f.bin").contains("4 parts");
        try (RemoteObjects remote = new RemoteObjects(emulator.endpoint(), "cn-hangzhou",
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET)) {
            assertThat(remote.sha256("test-bucket", "x/f.bin")).isEqualTo(TestFiles.sha256(f));
        }
    }

    @Test
    void quietPrintsNothingOnSuccess() throws Exception {
        Path f = TestFiles.random(tmp.resolve("q.bin"), 300 * 1024, 4);
        Run r = upload(f.toString(), "oss://test-bucket/q.bin", "--part-size", "100KiB", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        try (RemoteObjects remote = new RemoteObjects(emulator.endpoint(), "cn-hangzhou",
                EmulatorExtension.ACCESS_KEY_ID, EmulatorExtension.ACCESS_KEY_SECRET)) {
            assertThat(remote.sha256("test-bucket", "q.bin")).isEqualTo(TestFiles.sha256(f));
        }
    }

    @Test
    void jsonFailureBeforeTheUploadIsOneObjectToo() throws Exception {
        Run r = upload(tmp.resolve("nope").toString(), "oss://test-bucket/k", "--json");
        assertOneLineFailure(r, "no such file");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("file").asText()).isEqualTo(tmp.resolve("nope").toString());
        assertThat(json.get("bucket").asText()).isEqualTo("test-bucket");
        assertThat(json.get("key").asText()).isEqualTo("k");
        assertThat(json.get("error").asText()).isEqualTo(tmp.resolve("nope") + ": no such file");
        assertThat(json.get("exit_code").asInt()).isEqualTo(ExitCodes.FAILURE);

        Run usage = upload(tmp.resolve("nope").toString(), "s3://test-bucket/k", "--json");
        json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(usage.out());
        assertThat(json.get("exit_code").asInt()).isEqualTo(ExitCodes.USAGE).isEqualTo(usage.exit());
        assertThat(json.has("bucket")).as("the URL did not parse").isFalse();
    }

    @Test
    void missingFile() {
        assertOneLineFailure(upload(tmp.resolve("nope").toString(), "oss://test-bucket/k"), "no such file");
    }

    @Test
    void directory() {
        assertOneLineFailure(upload(tmp.toString(), "oss://test-bucket/k"), "is a directory");
    }

    @Test
    void malformedUrls() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        assertOneLineFailure(upload(f.toString(), "s3://test-bucket/k"), "not an oss:// URL");
        assertOneLineFailure(upload(f.toString(), "oss://test-bucket"), "names no object key");
        assertOneLineFailure(upload(f.toString(), "oss://Bad_Bucket/k"), "not a valid bucket name");
    }

    @Test
    void partSizeOutOfRange() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        assertOneLineFailure(upload(f.toString(), "oss://test-bucket/k", "--part-size", "50KiB"), "100 KiB");
        assertOneLineFailure(upload(f.toString(), "oss://test-bucket/k", "--part-size", "6GiB"), "5 GiB");
        assertOneLineFailure(upload(f.toString(), "oss://test-bucket/k", "--part-size", "lots"), "part size");
    }

    @Test
    void unknownBucketLeavesNothingOpen() throws Exception {
        Path f = TestFiles.random(tmp.resolve("f"), 300 * 1024, 2);
        assertOneLineFailure(upload(f.toString(), "oss://no-such-bucket/k", "--part-size", "100KiB"), "NoSuchBucket");
        assertNothingOpen();
    }

    @Test
    void wrongCredentialsAreOneLineWithoutTheSecret() throws Exception {
        Path f = TestFiles.random(tmp.resolve("f"), 300 * 1024, 3);
        Map<String, String> env = env();
        env.put("OSS_ACCESS_KEY_SECRET", "CANARY-wrong-secret");
        Run r = run(env, "upload", f.toString(), "oss://test-bucket/k", "--part-size", "100KiB",
                "--state", tmp.resolve("state.db").toString());
        assertOneLineFailure(r, "SignatureDoesNotMatch");
        assertThat(r.err() + r.out()).doesNotContain("CANARY");
        assertNothingOpen();
    }

    @Test
    void missingCredentialsAndEndpointAreNamed() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        Map<String, String> env = env();
        env.remove("OSS_ACCESS_KEY_SECRET");
        assertOneLineFailure(run(env, "upload", f.toString(), "oss://test-bucket/k"), "OSS_ACCESS_KEY_SECRET");
        env = env();
        env.remove("OSS_ENDPOINT");
        assertOneLineFailure(run(env, "upload", f.toString(), "oss://test-bucket/k"), "--endpoint");
        env.put("OSS_ENDPOINT", "127.0.0.1:9000");
        Run noScheme = run(env, "upload", f.toString(), "oss://test-bucket/k");
        assertOneLineFailure(noScheme, "endpoint '127.0.0.1:9000' must start with http:// or https://");
        assertThat(noScheme.err()).doesNotContain("scheme name");
    }

    @Test
    void credentialsFromACredentialsUriAndAnUnknownSourceIsAUsageError() throws Exception {
        Path f = TestFiles.random(tmp.resolve("u.bin"), 2000, 3);
        try (CredentialsUriServer uri = CredentialsUriServer.fixed(EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET, "", java.time.Duration.ofMinutes(30))) {
            Map<String, String> env = env();
            env.remove("OSS_ACCESS_KEY_ID");
            env.remove("OSS_ACCESS_KEY_SECRET");
            env.put("ALIBABA_CLOUD_CREDENTIALS_URI", uri.uri());
            Run r = run(env, "upload", "--credentials", "uri", f.toString(), "oss://test-bucket/u.bin",
                    "--state=" + tmp.resolve("state.db"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(uri.fetches()).isEqualTo(1);
        }
        Run bad = upload("--credentials", "vault", f.toString(), "oss://test-bucket/u.bin");
        assertOneLineFailure(bad, "unknown credentials source \"vault\"");
        assertThat(bad.exit()).isEqualTo(io.ossync.cli.ExitCodes.USAGE);
    }

    @Test
    void unknownFlag() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        assertOneLineFailure(run(env(), "upload", f.toString(), "oss://test-bucket/k", "--bogus"), "--bogus");
    }

    @Test
    void unreadableFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads any file, so no file is unreadable to it");
        Path f = Files.writeString(tmp.resolve("secret"), "x");
        Files.setPosixFilePermissions(f, java.util.Set.of());
        assertOneLineFailure(upload(f.toString(), "oss://test-bucket/k"), "permission denied");
    }
}
