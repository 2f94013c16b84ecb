package org.mammoai.node.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a model trained on tiles over a whole preprocessed image: tiles of the model's side at half-tile steps over
 * the breast (tiles that are nearly all background are skipped), lesion probabilities averaged where tiles overlap.
 * The image's class probabilities are those of its most abnormal tile (lowest P(normal)), so one suspicious region
 * is enough to call the image abnormal and its marks are scored with that evidence ({@link MarkScore}).
 */
public final class TiledDetector {
    /** Pixels at or below this are background in a preprocessed image (the breast is cut out of a black field). */
    public static final float BACKGROUND = 0.04f;
    static final double MIN_TISSUE = 0.1;
    static final int BATCH = 8;

    private TiledDetector() {}

    public static Prediction predict(LesionModel model, float[] image, int side) {
        return predict(model::predict, model.inputSize(), image, side);
    }

    /** @param model any network taking batches of {@code t} px tiles (the exported model, or one in training) */
    public static Prediction predict(Function<Batch, Prediction> model, int t, float[] image, int side) {
        if (side < t) throw new IllegalArgumentException("image of " + side + " px is smaller than the " + t + " px tiles");
        List<int[]> origins = new ArrayList<>();
        for (int y : steps(side, t)) for (int x : steps(side, t)) if (tissue(image, side, x, y, t) >= MIN_TISSUE) origins.add(new int[] {x, y});
        float[] sum = new float[side * side];
        int[] count = new int[side * side];
        float[] classes = {1f, 0f, 0f};
        for (int b = 0; b < origins.size(); b += BATCH) {
            List<int[]> part = origins.subList(b, Math.min(origins.size(), b + BATCH));
            float[] pixels = new float[part.size() * t * t];
            for (int k = 0; k < part.size(); k++) crop(image, side, part.get(k)[0], part.get(k)[1], t, pixels, k * t * t);
            Prediction p = model.apply(new Batch(pixels, part.size(), t));
            for (int k = 0; k < part.size(); k++) {
                float[] m = p.mask(k), c = p.classes(k);
                int x0 = part.get(k)[0], y0 = part.get(k)[1];
                for (int y = 0; y < t; y++) {
                    for (int x = 0; x < t; x++) {
                        int i = (y0 + y) * side + x0 + x;
                        sum[i] += m[y * t + x];
                        count[i]++;
                    }
                }
                if (c[LesionClass.NORMAL.ordinal()] < classes[LesionClass.NORMAL.ordinal()]) classes = c;
            }
        }
        for (int i = 0; i < sum.length; i++) if (count[i] > 0) sum[i] /= count[i];
        return new Prediction(sum, classes, 1, side);
    }

    /** Tile origins along one axis: every half tile, the last one flush with the edge. */
    public static int[] steps(int side, int t) {
        int stride = t / 2, n = (side - t + stride - 1) / stride + 1;
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = Math.min(k * stride, side - t);
        return out;
    }

    public static void crop(float[] image, int side, int x0, int y0, int t, float[] out, int offset) {
        for (int y = 0; y < t; y++) System.arraycopy(image, (y0 + y) * side + x0, out, offset + y * t, t);
    }

    static double tissue(float[] image, int side, int x0, int y0, int t) {
        int n = 0;
        for (int y = 0; y < t; y += 4) for (int x = 0; x < t; x += 4) if (image[(y0 + y) * side + x0 + x] > BACKGROUND) n++;
        return n / (double) ((t / 4) * (t / 4));
    }
}
