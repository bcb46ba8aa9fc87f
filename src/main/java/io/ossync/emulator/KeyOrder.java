package io.ossync.emulator;

import java.util.Comparator;

/**
 * The order OSS lists keys in: by UTF-8 bytes, which is Unicode code point order. Java's
 * {@code String.compareTo} compares UTF-16 units and would put U+E000..U+FFFF after supplementary
 * characters; this comparator does not.
 */
final class KeyOrder implements Comparator<String> {
    static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
