package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mammoai.node.inference.MarkScore;

/**
 * Lesion-level detection on the model grid: marks are connected regions of the thresholded lesion map, scored by
 * {@link MarkScore}; a mark is true when it overlaps a true lesion (a connected region of the reference mask), and
 * a true lesion is found when any shown mark overlaps it. Gives FROC points, false marks per normal image and the
 * operating point.
 */
final class Froc {
    static final double[] FALSE_MARKS_PER_IMAGE = {0.25, 0.5, 1, 2};

    /** @param truth indices (per image) of the true lesions this mark overlaps; empty = a false mark */
    record Mark(int image, double score, int[] truth) {}

    final List<Mark> marks = new ArrayList<>();
    final int[] lesionsPerImage;
    final boolean[] normal;

    Froc(float[][] probabilities, float[][] classProbs, float[][] truthMasks, boolean[] normal, int side, float threshold) {
        this.normal = normal;
        lesionsPerImage = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            int[] truthLabels = label(truthMasks[i], 0.5f, side);
            lesionsPerImage[i] = Arrays.stream(truthLabels).max().orElse(0);
            int[] markLabels = label(probabilities[i], threshold, side);
            int count = Arrays.stream(markLabels).max().orElse(0);
            double[] peak = new double[count + 1];
            List<java.util.Set<Integer>> hits = new ArrayList<>();
            for (int m = 0; m <= count; m++) hits.add(new java.util.TreeSet<>());
            for (int k = 0; k < markLabels.length; k++) {
                int m = markLabels[k];
                if (m == 0) continue;
                peak[m] = Math.max(peak[m], probabilities[i][k]);
                if (truthLabels[k] > 0) hits.get(m).add(truthLabels[k]);
            }
            for (int m = 1; m <= count; m++) {
                marks.add(new Mark(i, MarkScore.of(peak[m], classProbs[i]), hits.get(m).stream().mapToInt(Integer::intValue).toArray()));
            }
        }
    }

    /** {lesion sensitivity, false marks per image, false marks per normal image} for the images given (with repeats), marks >= t. */
    double[] at(double t, int[] images) {
        int[] times = new int[normal.length];
        for (int i : images) times[i]++;
        long found = 0, lesions = 0, falseMarks = 0, falseOnNormals = 0, normals = 0;
        Map<Integer, java.util.Set<Integer>> hit = new LinkedHashMap<>();
        for (Mark m : marks) {
            if (m.score() < t || times[m.image()] == 0) continue;
            if (m.truth().length == 0) {
                falseMarks += times[m.image()];
                if (normal[m.image()]) falseOnNormals += times[m.image()];
            } else {
                for (int l : m.truth()) hit.computeIfAbsent(m.image(), k -> new java.util.HashSet<>()).add(l);
            }
        }
        for (int i = 0; i < normal.length; i++) {
            lesions += (long) times[i] * lesionsPerImage[i];
            found += (long) times[i] * hit.getOrDefault(i, java.util.Set.of()).size();
            if (normal[i]) normals += times[i];
        }
        return new double[] {lesions == 0 ? Double.NaN : found / (double) lesions, falseMarks / (double) images.length,
                normals == 0 ? Double.NaN : falseOnNormals / (double) normals};
    }

    /** Best sensitivity with at most this many false marks per image, over all thresholds. */
    double sensitivityAt(double falseMarksPerImage, int[] images) {
        double best = 0;
        for (double t : thresholds()) {
            double[] r = at(t, images);
            if (r[1] <= falseMarksPerImage && !Double.isNaN(r[0])) best = Math.max(best, r[0]);
        }
        return best;
    }

    /** The lowest mark threshold whose false marks per normal image stay within the limit (on the validation set). */
    double operatingPoint(double maxFalseMarksPerNormalImage) {
        int[] all = all();
        for (double t : thresholds()) {
            double[] r = at(t, all);
            if (Double.isNaN(r[2]) || r[2] <= maxFalseMarksPerNormalImage) return t;
        }
        return 1.0;
    }

    int[] all() {
        int[] a = new int[normal.length];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    /** Every distinct mark score, ascending, then 1 (no mark shown). */
    private double[] thresholds() {
        double[] t = marks.stream().mapToDouble(Mark::score).distinct().sorted().toArray();
        t = Arrays.copyOf(t, t.length + 1);
        t[t.length - 1] = Double.MAX_VALUE;
        return t;
    }

    /** 4-connected components of values >= threshold: 0 = background, 1..n. */
    static int[] label(float[] values, float threshold, int side) {
        int[] labels = new int[values.length];
        int next = 0;
        int[] stack = new int[values.length];
        for (int start = 0; start < values.length; start++) {
            if (labels[start] != 0 || values[start] < threshold) continue;
            labels[start] = ++next;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int k = stack[--top], y = k / side, x = k % side;
                int[] neighbours = {y > 0 ? k - side : -1, y < side - 1 ? k + side : -1, x > 0 ? k - 1 : -1, x < side - 1 ? k + 1 : -1};
                for (int nb : neighbours) {
                    if (nb >= 0 && labels[nb] == 0 && values[nb] >= threshold) {
                        labels[nb] = next;
                        stack[top++] = nb;
                    }
                }
            }
        }
        return labels;
    }
}
