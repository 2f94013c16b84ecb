package org.mammoai.node.results;

import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionMask;

/**
 * A lesion as the result objects name it: SEG segment number = lesion number, and the same tracking
 * identifier and UID in the SEG segment and in its TID 1500 measurement group.
 */
record TrackedLesion(Lesion lesion, LesionMask mask, String trackingId, String trackingUid) {

    int segmentNumber() {
        return lesion.number();
    }
}
