package org.mammoai.node.dicom;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections accepted but not yet identified by an A-ASSOCIATE-RQ, counted per source address: one host that
 * opens many connections and sends nothing (a flood, a broken device, a TCP health check gone wild) holds at most
 * its own share of the handshake threads, so a modality elsewhere still gets through.
 */
final class PendingConnections {
    private final int perSource;
    private final ConcurrentHashMap<InetAddress, Integer> pending = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    PendingConnections(int perSource) {
        this.perSource = perSource;
    }

    /** @return false when this source already has its share pending (the caller closes the connection) */
    boolean tryEnter(InetAddress source) {
        boolean[] entered = {false};
        pending.compute(source, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= perSource) return n;
            entered[0] = true;
            return count + 1;
        });
        if (!entered[0]) refused.incrementAndGet();
        return entered[0];
    }

    void leave(InetAddress source) {
        pending.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    int pendingFrom(InetAddress source) {
        return pending.getOrDefault(source, 0);
    }

    /** Connections refused so far, and resets the count (for one summary log line instead of one per connection). */
    long takeRefused() {
        return refused.getAndSet(0);
    }
}
