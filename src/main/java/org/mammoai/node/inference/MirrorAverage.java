package org.mammoai.node.inference;

import java.util.function.Function;

/**
 * Test-time mirroring: the model sees the image and its left-right mirror in one batch, and the two answers are averaged
 * (the mirrored map mirrored back). Training augments with mirrors, so both are equally valid views of one image; their
 * mean is steadier at lesion borders. Used where validation showed it helps (model.json: mirrorAveraged).
 */
final class MirrorAverage {
    private MirrorAverage() {}

    static Prediction predict(Function<Batch, Prediction> model, float[] image, int side) {
        int n = side * side;
        float[] both = new float[2 * n];
        System.arraycopy(image, 0, both, 0, n);
        mirrorInto(image, both, n, side);
        Prediction p = model.apply(new Batch(both, 2, side));
        float[] masks = p.maskProbabilities();
        float[] mask = new float[n];
        for (int y = 0; y < side; y++) { // the second map is the mirror's: read it mirrored back
            int row = y * side;
            for (int x = 0; x < side; x++) mask[row + x] = 0.5f * (masks[row + x] + masks[n + row + side - 1 - x]);
        }
        float[] c = p.classProbabilities();
        float[] classes = new float[3];
        for (int k = 0; k < 3; k++) classes[k] = 0.5f * (c[k] + c[3 + k]);
        return new Prediction(mask, classes, 1, side);
    }

    /** Writes the left-right mirror of a side x side image into target, starting at offset. */
    private static void mirrorInto(float[] image, float[] target, int offset, int side) {
        for (int y = 0; y < side; y++) {
            int row = y * side;
            for (int x = 0; x < side; x++) target[offset + row + x] = image[row + side - 1 - x];
        }
    }
}
