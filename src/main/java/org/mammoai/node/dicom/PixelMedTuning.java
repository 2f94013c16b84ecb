package org.mammoai.node.dicom;

import com.pixelmed.network.Association;
import java.lang.reflect.Field;

/**
 * PixelMed waits a fixed 5 s after answering A-RELEASE before it closes the connection (it does not
 * return early when the peer closes first), holding one of our association slots that long. It has
 * no setter, so we shorten that one private static. The requestor sends nothing after the A-RELEASE-RQ,
 * so closing right after the reply cannot lose data; it only moves TIME_WAIT to our side.
 */
final class PixelMedTuning {
    static final int RELEASE_TO_CLOSE_MS = 20;

    private PixelMedTuning() {}

    static void apply() {
        try {
            Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            f.setAccessible(true);
            f.setInt(null, RELEASE_TO_CLOSE_MS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this PixelMed version lacks the release timeout we tune", e);
        }
    }
}
