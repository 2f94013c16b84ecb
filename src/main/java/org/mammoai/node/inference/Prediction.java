package org.mammoai.node.inference;

/**
 * Model outputs for a batch: per-pixel lesion probabilities (n x size x size) and class
 * probabilities (n x 3, in {@link LesionClass} order).
 */
public record Prediction(float[] maskProbabilities, float[] classProbabilities, int count, int size) {

    public float[] mask(int i) {
        int n = size * size;
        float[] m = new float[n];
        System.arraycopy(maskProbabilities, i * n, m, 0, n);
        return m;
    }

    public float[] classes(int i) {
        float[] c = new float[3];
        System.arraycopy(classProbabilities, i * 3, c, 0, 3);
        return c;
    }

    public LesionClass predictedClass(int i) {
        return mostLikely(classes(i));
    }

    /** The class with the highest probability. */
    public static LesionClass mostLikely(float[] classProbabilities) {
        int best = 0;
        for (int k = 1; k < classProbabilities.length; k++) {
            if (classProbabilities[k] > classProbabilities[best]) best = k;
        }
        return LesionClass.values()[best];
    }
}
