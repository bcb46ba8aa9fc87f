package io.ossync.config;

import java.util.regex.Pattern;

/**
 * One include or exclude pattern, matched against a path relative to the watched folder with
 * {@code /} separators.
 *
 * <p>Syntax: {@code *} any characters but {@code /}; {@code ?} one character but {@code /};
 * {@code **} any characters including {@code /}, and {@code **}{@code /} also matches no folder at
 * all (so {@code **}{@code /*.log} matches {@code a.log}); {@code [abc]}, {@code [a-z]},
 * {@code [!abc]}; {@code {gz,zip}} alternatives; a backslash escapes the next character.
 * As in .gitignore: a pattern without {@code /} is matched against the file name at any depth
 * ({@code *.log} matches {@code a/b.log}); a pattern with a {@code /} is matched against the whole
 * relative path (a leading {@code /} only anchors it); a trailing {@code /} means everything
 * below such a folder ({@code cache/} matches {@code x/cache/y.bin}). Case-sensitive.
 */
final class GlobPattern {

    private final String glob;
    private final Pattern regex;

    private GlobPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /**
     * Compiles a glob.
     *
     * @throws IllegalArgumentException for an empty pattern, an unclosed {@code [} or {@code {},
     *         or a trailing backslash
     */
    static GlobPattern compile(String glob) {
        if (glob.isEmpty() || glob.equals("/")) {
            throw new IllegalArgumentException("empty pattern");
        }
        String g = glob;
        boolean below = g.endsWith("/") && !g.endsWith("\\/");
        if (below) {
            g = g.substring(0, g.length() - 1);
        }
        boolean anchored = g.contains("/");
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        StringBuilder re = new StringBuilder();
        if (!anchored) {
            re.append("(?:.*/)?");
        }
        translate(glob, g, re);
        if (below) {
            re.append("/.*");
        }
        return new GlobPattern(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static void translate(String original, String g, StringBuilder re) {
        int braces = 0;
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (g.startsWith("**/", i)) {
                        re.append("(?:.*/)?");
                        i += 3;
                        continue;
                    }
                    if (g.startsWith("**", i)) {
                        re.append(".*");
                        i += 2;
                        continue;
                    }
                    re.append("[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '[' -> i = characterClass(original, g, i, re);
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        re.append("\\}");
                    } else {
                        braces--;
                        re.append(')');
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 >= g.length()) {
                        throw new IllegalArgumentException("pattern \"" + original + "\" ends with a lone backslash");
                    }
                    i++;
                    re.append(Pattern.quote(String.valueOf(g.charAt(i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        if (braces > 0) {
            throw new IllegalArgumentException("unclosed \"{\" in pattern \"" + original + "\"");
        }
    }

    /** Appends the class starting at {@code start} and returns the index of its closing bracket. */
    private static int characterClass(String original, String g, int start, StringBuilder re) {
        int i = start + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < g.length() && (g.charAt(i) == '!' || g.charAt(i) == '^')) {
            cls.append('^');
            i++;
        }
        boolean first = true;
        while (i < g.length() && (g.charAt(i) != ']' || first)) {
            char c = g.charAt(i);
            if (c == '/') {
                throw new IllegalArgumentException("\"/\" inside [...] in pattern \"" + original + "\"");
            }
            if (c == '-' && !first && i + 1 < g.length() && g.charAt(i + 1) != ']') {
                cls.append('-');
            } else {
                cls.append(c == '\\' || c == '[' || c == ']' || c == '^' || c == '&' || c == '-' ? "\\" + c : String.valueOf(c));
            }
            first = false;
            i++;
        }
        if (i >= g.length()) {
            throw new IllegalArgumentException("unclosed \"[\" in pattern \"" + original + "\"");
        }
        // a class never matches the separator, even when negated
        re.append("(?:(?!/)").append(cls).append("])");
        return i;
    }

    /** Whether the relative path ({@code /}-separated, no leading slash) matches. */
    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobPattern p && p.glob.equals(glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
