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

    /** Images already prepared elsewhere (e.g. tiles cut from prepared films). */
    static PreparedSet of(List<Case> cases, int size, float[][] images, float[][] masks) {
        return new PreparedSet(cases, size, images, masks);
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

    /** Images at the given indices; with an augmenter and a random source, each augmented with its mask. */
    Batch batch(int[] indices, Augmenter augmenter, Random random, float[] masksOut, float[] classesOut) {
        int n = size * size;
        float[] px = new float[indices.length * n];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            float[] image = images[i].clone();
            float[] mask = masksOut == null ? null : masks[i].clone();
            if (augmenter != null) augmenter.apply(image, mask, size, random);
            System.arraycopy(image, 0, px, b * n, n);
            if (mask != null) System.arraycopy(mask, 0, masksOut, b * n, n);
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
