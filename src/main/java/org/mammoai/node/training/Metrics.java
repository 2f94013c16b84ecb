package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Segmentation and classification metrics, with percentile-bootstrap 95% intervals. */
public final class Metrics {
    public record Interval(double value, double low, double high) {}

    private Metrics() {}

    /** Dice of a thresholded prediction; 1 when both are empty. */
    public static double dice(float[] probs, float[] truth, float threshold) {
        long tp = 0, p = 0, t = 0;
        for (int i = 0; i < probs.length; i++) {
            boolean pi = probs[i] >= threshold, ti = truth[i] > 0.5f;
            if (pi && ti) tp++;
            if (pi) p++;
            if (ti) t++;
        }
        return p + t == 0 ? 1 : 2.0 * tp / (p + t);
    }

    public static double iou(float[] probs, float[] truth, float threshold) {
        long inter = 0, union = 0;
        for (int i = 0; i < probs.length; i++) {
            boolean pi = probs[i] >= threshold, ti = truth[i] > 0.5f;
            if (pi && ti) inter++;
            if (pi || ti) union++;
        }
        return union == 0 ? 1 : (double) inter / union;
    }

    /** Area under the ROC curve (Mann-Whitney U, ties counted half); NaN without both classes. */
    public static double auc(double[] scores, boolean[] positive) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) order.add(i);
        order.sort((a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long pos = 0, neg = 0;
        int i = 0;
        while (i < order.size()) {
            int j = i;
            while (j + 1 < order.size() && scores[order.get(j + 1)] == scores[order.get(i)]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order.get(k)]) { rankSumPositive += rank; pos++; } else { neg++; }
            }
            i = j + 1;
        }
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPositive - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** A statistic over items, with a 95% interval from resampling the items (seeded). */
    public static Interval bootstrap(int items, ToDoubleFunction<int[]> statistic, int resamples, long seed) {
        int[] all = new int[items];
        for (int i = 0; i < items; i++) all[i] = i;
        double value = statistic.applyAsDouble(all);
        Random random = new Random(seed);
        double[] stats = new double[resamples];
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            int[] sample = new int[items];
            for (int i = 0; i < items; i++) sample[i] = random.nextInt(items);
            double s = statistic.applyAsDouble(sample);
            if (!Double.isNaN(s)) stats[kept++] = s;
        }
        double[] sorted = Arrays.copyOf(stats, kept);
        Arrays.sort(sorted);
        if (kept == 0) return new Interval(value, Double.NaN, Double.NaN);
        return new Interval(value, sorted[(int) Math.floor(0.025 * (kept - 1))], sorted[(int) Math.ceil(0.975 * (kept - 1))]);
    }
}
