package org.mammoai.node.config;

import org.mammoai.node.store.ObjectLimits;

/** What this AE accepts at most: associations at once, silence, PDU size, and pixels per received frame. */
public record Limits(int maxAssociations, int idleTimeoutSeconds, int maxPduLength, long maxPixelsPerFrame) {
    /** What one received object may be (checked before Success). */
    public ObjectLimits objectLimits() {
        return new ObjectLimits(maxPixelsPerFrame);
    }
}
