package org.mammoai.node.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the last rows written under some keys (UIDs), with the values written, least recently used dropped first. */
final class RecentRows<V> {
    private record Row<V>(long id, V values) {}

    private final Map<String, Row<V>> rows;

    RecentRows(int capacity) {
        rows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Row<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The row's id when it was written with exactly these values; null when unknown or different. */
    synchronized Long idIfSame(String key, V values) {
        Row<V> row = rows.get(key);
        return row != null && row.values().equals(values) ? row.id() : null;
    }

    synchronized void put(String key, long id, V values) {
        rows.put(key, new Row<>(id, values));
    }

    synchronized void forget(String key) {
        rows.remove(key);
    }
}
