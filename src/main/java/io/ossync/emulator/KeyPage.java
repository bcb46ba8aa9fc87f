package io.ossync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One page of a key listing with OSS semantics, as pure logic over a sorted map: keys after
 * {@code marker} that start with {@code prefix}; with a delimiter, keys holding it after the prefix
 * roll up into one common prefix each; entries and common prefixes together count toward
 * {@code maxKeys}. {@code nextMarker} is the last key or common prefix returned when truncated.
 */
record KeyPage<V>(List<V> entries, List<String> commonPrefixes, boolean truncated, String nextMarker) {

    static <V> KeyPage<V> of(NavigableMap<String, V> sorted, String prefix, String delimiter, String marker,
                             int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null ? "" : delimiter;
        NavigableMap<String, V> view = sorted;
        if (marker != null && !marker.isEmpty() && KeyOrder.INSTANCE.compare(marker, p) >= 0) {
            view = sorted.tailMap(marker, false);
        } else if (!p.isEmpty()) {
            view = sorted.tailMap(p, true);
        }
        List<V> entries = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        Map.Entry<String, V> entry = view.isEmpty() ? null : view.firstEntry();
        while (entry != null) {
            String key = entry.getKey();
            if (!key.startsWith(p)) {
                break;
            }
            int at = d.isEmpty() ? -1 : key.indexOf(d, p.length());
            String common = at < 0 ? null : key.substring(0, at + d.length());
            if (common != null && marker != null && common.equals(marker)) {
                // The marker is this very common prefix: its keys were returned on an earlier page.
                entry = view.higherEntry(common + Character.toString(Character.MAX_CODE_POINT));
                continue;
            }
            if (entries.size() + prefixes.size() == maxKeys) {
                return new KeyPage<>(entries, prefixes, true, last);
            }
            if (common != null) {
                prefixes.add(common);
                last = common;
                // Skip every other key under this prefix in one step.
                entry = view.higherEntry(common + Character.toString(Character.MAX_CODE_POINT));
            } else {
                entries.add(entry.getValue());
                last = key;
                entry = view.higherEntry(key);
            }
        }
        return new KeyPage<>(entries, prefixes, false, null);
    }
}
