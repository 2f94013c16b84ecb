package org.mammoai.node.training;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.LesionClass;

/** Cases run through the shared preprocessing once and held in memory as model inputs and targets. */
public final class PreparedSet {
    public final List<Case> cases;
    public final int size;
    final float[][] images;
    final float[][] masks;

    private PreparedSet(List<Case> cases, int size, float[][] images, float[][] masks) {
        this.cases = cases;
        this.size = size;
        this.images = images;
        this.masks = masks;
    }

    public static PreparedSet of(List<Case> cases, Preprocessor preprocessor) throws IOException {
        float[][] images = new float[cases.size()][];
        float[][] masks = new float[cases.size()][];
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Mat gray = ImageFiles.readGray(c.image());
            Preprocessor.Result r = preprocessor.apply(gray);
            images[i] = r.pixels();
            masks[i] = preprocessor.maskToModel(ImageFiles.lesionMask(c, gray.rows(), gray.cols()), r.geometry());
        }
        return new PreparedSet(cases, preprocessor.size(), images, masks);
    }

    public int count() {
        return cases.size();
    }

    public float[] image(int i) {
        return images[i];
    }

    public float[] mask(int i) {
        return masks[i];
    }

    /** Images at the given indices; with a random source, augmented (flip, brightness/contrast jitter). */
    Batch batch(int[] indices, Random augment, boolean allowHorizontalFlip, float[] masksOut, float[] classesOut) {
        int n = size * size;
        float[] px = new float[indices.length * n];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            boolean flip = augment != null && allowHorizontalFlip && augment.nextBoolean();
            float gain = augment == null ? 1f : 0.9f + 0.2f * augment.nextFloat();
            float offset = augment == null ? 0f : 0.1f * (augment.nextFloat() - 0.5f);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int src = y * size + (flip ? size - 1 - x : x);
                    px[b * n + y * size + x] = Math.min(1f, Math.max(0f, images[i][src] * gain + offset));
                    if (masksOut != null) masksOut[b * n + y * size + x] = masks[i][src];
                }
            }
            if (classesOut != null) {
                java.util.Arrays.fill(classesOut, b * 3, b * 3 + 3, 0f);
                classesOut[b * 3 + cases.get(i).label().ordinal()] = 1f;
            }
        }
        return new Batch(px, indices.length, size);
    }

    public LesionClass label(int i) {
        return cases.get(i).label();
    }
}
