package io.ossync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ossync.emulator.EmulatorExtension;
import io.ossync.emulator.OssOperation;
import io.ossync.testing.RemoteObjects;
import io.ossync.upload.Crc64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ossync ls oss://BUCKET/PREFIX} against the emulator: every page, both formats, CRC-64 on request. */
class LsCommandTest {

    private static final String BUCKET = EmulatorExtension.BUCKET;

    @RegisterExtension
    final EmulatorExtension emulator = new EmulatorExtension();

    private record Run(int exit, String out, String err) {
    }

    private Run ls(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("OSS_ACCESS_KEY_ID", EmulatorExtension.ACCESS_KEY_ID);
        env.put("OSS_ACCESS_KEY_SECRET", EmulatorExtension.ACCESS_KEY_SECRET);
        env.put("OSS_ENDPOINT", emulator.endpoint());
        env.put("OSS_REGION", EmulatorExtension.REGION);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "ls";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    private RemoteObjects remote() {
        return new RemoteObjects(emulator.endpoint(), EmulatorExtension.REGION, EmulatorExtension.ACCESS_KEY_ID,
                EmulatorExtension.ACCESS_KEY_SECRET);
    }

    private static String key(int i) {
        return String.format("many/k%04d.txt", i);
    }

    @Test
    void listsEveryPageOfAPrefixInKeyOrderAsTextAndJsonLines() throws Exception {
        try (RemoteObjects remote = remote()) {
            IntStream.range(0, 1001).parallel().forEach(i ->
                    remote.put(BUCKET, key(i), ("object " + i).getBytes(StandardCharsets.UTF_8)));
            remote.put(BUCKET, "manx", new byte[3]);
            remote.put(BUCKET, "other/z.txt", new byte[4]);
        }
        long listsBefore = emulator.emulator().counters().requests(OssOperation.LIST_OBJECTS);

        Run text = ls("oss://" + BUCKET + "/many/");
        assertThat(text.exit()).as(text.err()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines).hasSize(1001);
        assertThat(lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                .isEqualTo(IntStream.range(0, 1001).mapToObj(LsCommandTest::key).toList());
        // LAST-MODIFIED SIZE STORAGE-CLASS CRC64 KEY; no CRC-64 without --crc.
        assertThat(lines.get(1000)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +11 Standard +- +"
                + "many/k1000\\.txt");
        assertThat(emulator.emulator().counters().requests(OssOperation.LIST_OBJECTS) - listsBefore)
                .as("1,001 keys are two pages of 1,000").isEqualTo(2);

        Run json = ls("oss://" + BUCKET + "/many/k099", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        List<String> jsonLines = json.out().lines().toList();
        assertThat(jsonLines).hasSize(10);
        JsonNode last = new ObjectMapper().readTree(jsonLines.get(9));
        assertThat(last.get("key").asText()).isEqualTo("many/k0999.txt");
        assertThat(last.get("size").asLong()).isEqualTo("object 999".length());
        assertThat(last.get("storage_class").asText()).isEqualTo("Standard");
        assertThat(last.get("last_modified").asText()).endsWith("Z");
        assertThat(last.get("crc64").isNull()).isTrue();

        Run small = ls("oss://" + BUCKET + "/many/", "--json", "--page-size", "7");
        assertThat(small.out().lines().toList()).hasSize(1001);
        assertThat(emulator.emulator().counters().requests(OssOperation.LIST_OBJECTS) - listsBefore)
                .as("2 + 1 + ceil(1001 / 7) pages").isEqualTo(2 + 1 + 143);
    }

    @Test
    void crcComesFromAHeadOfEachObject() {
        byte[] content = "hello, mirror".getBytes(StandardCharsets.UTF_8);
        try (RemoteObjects remote = remote()) {
            remote.put(BUCKET, "a/b c.txt", content);
        }
        Run r = ls("oss://" + BUCKET, "--crc");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).endsWith(" 13 Standard     " + Long.toUnsignedString(Crc64.of(content)) + " a/b c.txt\n");
        Run json = ls("oss://" + BUCKET + "/a/", "--crc", "--json");
        assertThat(json.out()).contains("\"crc64\":\"" + Long.toUnsignedString(Crc64.of(content)) + "\"");
        assertThat(emulator.emulator().counters().requests(OssOperation.HEAD_OBJECT)).isEqualTo(2);
    }

    @Test
    void anEmptyPrefixPrintsNothingAndBadInputIsOneLine() {
        Run none = ls("oss://" + BUCKET + "/nothing-here/");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).isEmpty();

        Run noBucket = ls("oss://no-such-bucket/");
        assertThat(noBucket.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noBucket.err()).startsWith("ossync: ").contains("NoSuchBucket");

        Run nothing = ls();
        assertThat(nothing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("give oss://BUCKET/PREFIX, or --config FILE");

        Run notUrl = ls("s3://bucket/x");
        assertThat(notUrl.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(notUrl.err()).contains("is not an oss:// URL");
    }
}
