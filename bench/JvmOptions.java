import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options a build ships, read from its checkout: {@code conf/jvm.options}, the file the launcher
 * ({@code bin/ossync}, {@code /usr/bin/ossync}) reads, with the launcher's rules (one option a line, {@code #}
 * starts a comment). A checkout from before the launcher has no such file; then its systemd unit: the literal
 * options of {@code ExecStart=} between {@code java} and {@code -jar} (variables such as {@code $OSSYNC_JAVA_OPTS}
 * expanded from the unit's own {@code Environment=} lines), or, when the unit sets {@code OSSYNC_JAVA_OPTS}
 * without using it in ExecStart, those too. An {@code override} (the bench's OSSYNC_JAVA_OPTS) replaces all of it.
 */
final class JvmOptions {

    private static final Pattern ENV_LINE = Pattern.compile("^Environment=\"?OSSYNC_JAVA_OPTS=([^\"]*)\"?\\s*$");

    private JvmOptions() {
    }

    static List<String> of(String override, Path checkout) throws IOException {
        if (override != null) {
            return split(override);
        }
        Path shipped = shipped(checkout);
        if (Files.isRegularFile(shipped)) {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(shipped)) {
                String option = line.replaceFirst("#.*", "").strip();
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
            return options;
        }
        Path unit = unit(checkout);
        if (!Files.isRegularFile(unit)) {
            return List.of();
        }
        String env = environment(unit);
        List<String> options = new ArrayList<>();
        boolean usedInExecStart = false;
        for (String line : Files.readAllLines(unit)) {
            if (!line.startsWith("ExecStart=")) {
                continue;
            }
            List<String> words = split(line.substring("ExecStart=".length()));
            for (String w : words.subList(1, words.size())) {
                if (w.equals("-jar")) {
                    break;
                }
                if (w.equals("$OSSYNC_JAVA_OPTS") || w.equals("${OSSYNC_JAVA_OPTS}")) {
                    usedInExecStart = true;
                    options.addAll(split(env == null ? "" : env));
                } else if (!w.startsWith("$")) {
                    options.add(w);
                }
            }
        }
        if (!usedInExecStart && env != null) {
            options.addAll(split(env));
        }
        return options;
    }

    /** Where {@link #of} found the options, for the report. */
    static String source(String override, Path checkout) throws IOException {
        if (override != null) {
            return "OSSYNC_JAVA_OPTS of the bench's environment";
        }
        if (Files.isRegularFile(shipped(checkout))) {
            return shipped(checkout).toString();
        }
        Path unit = unit(checkout);
        if (!Files.isRegularFile(unit)) {
            return "no unit at " + unit + ": JVM defaults";
        }
        return environment(unit) == null
                ? unit + ": ExecStart only, no Environment=OSSYNC_JAVA_OPTS line (no heap settings shipped)"
                : unit + ": ExecStart and Environment=OSSYNC_JAVA_OPTS";
    }

    private static Path shipped(Path checkout) {
        return checkout.resolve("conf/jvm.options");
    }

    private static Path unit(Path checkout) {
        return checkout.resolve("systemd/ossync.service");
    }

    private static String environment(Path unit) throws IOException {
        for (String line : Files.readAllLines(unit)) {
            Matcher m = ENV_LINE.matcher(line.strip());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }
}
