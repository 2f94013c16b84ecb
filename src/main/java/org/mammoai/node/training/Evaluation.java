package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_core.vconcat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.drawContours;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.MarkScore;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.Prediction;

/** Runs a model over a prepared set and computes the report's metrics (95% bootstrap intervals). */
public final class Evaluation {
    static final float THRESHOLD = 0.5f;
    static final int RESAMPLES = 1000;

    public final PreparedSet set;
    public final float[][] masks;
    public final float[][] classProbs;
    public final double msPerImage;

    private Evaluation(PreparedSet set, float[][] masks, float[][] classProbs, double msPerImage) {
        this.set = set;
        this.masks = masks;
        this.classProbs = classProbs;
        this.msPerImage = msPerImage;
    }

    /** One image at a time through the predictor (whole image, or tiles over it), timing each call. */
    public static Evaluation run(ImagePredictor model, PreparedSet set) {
        float[][] masks = new float[set.count()][];
        float[][] probs = new float[set.count()][];
        double[] ms = new double[set.count()];
        for (int i = 0; i < set.count(); i++) {
            long t0 = System.nanoTime();
            Prediction p = model.predict(set.image(i), set.size);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            masks[i] = p.mask(0);
            probs[i] = p.classes(0);
        }
        Arrays.sort(ms);
        return new Evaluation(set, masks, probs, ms.length == 0 ? Double.NaN : ms[ms.length / 2]);
    }

    /** The whole set through a network in batches, untimed: training's per-epoch validation. */
    static Evaluation inBatches(Function<Batch, Prediction> net, PreparedSet set, int batchSize) {
        float[][] masks = new float[set.count()][];
        float[][] probs = new float[set.count()][];
        for (int b = 0; b < set.count(); b += batchSize) {
            int[] idx = new int[Math.min(batchSize, set.count() - b)];
            for (int k = 0; k < idx.length; k++) idx[k] = b + k;
            Prediction p = net.apply(set.batch(idx, null, null, null, null));
            for (int k = 0; k < idx.length; k++) {
                masks[b + k] = p.mask(k);
                probs[b + k] = p.classes(k);
            }
        }
        return new Evaluation(set, masks, probs, Double.NaN);
    }

    int predicted(int i) {
        return Prediction.mostLikely(classProbs[i]).ordinal();
    }

    /** Lesion marks of this evaluation, for FROC and the operating point. */
    Froc froc() {
        boolean[] normal = new boolean[set.count()];
        float[][] truth = new float[set.count()][];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = set.label(i) == LesionClass.NORMAL;
            truth[i] = set.mask(i);
        }
        return new Froc(masks, classProbs, truth, normal, set.size, THRESHOLD);
    }

    /**
     * Everything of {@link #metrics(long)} plus, at the operating point (mark threshold chosen on validation):
     * FROC, false marks per normal image, the image class as the node reports it (normal when no mark is shown),
     * and calibration of the class head (expected calibration error, 10 bins).
     */
    public Map<String, Object> metrics(long seed, double operatingPoint) {
        Map<String, Object> m = metrics(seed);
        Froc froc = froc();
        int n = set.count();
        Map<String, Object> curve = new LinkedHashMap<>();
        for (double f : Froc.FALSE_MARKS_PER_IMAGE) {
            String key = "sensitivityAt" + (f == Math.rint(f) ? Integer.toString((int) f) : Double.toString(f)) + "FpPerImage";
            curve.put(key, interval(Metrics.bootstrap(n, s -> froc.sensitivityAt(f, s), RESAMPLES, seed)));
        }
        m.put("froc", curve);
        double[] at = froc.at(operatingPoint, froc.all());
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("markThreshold", operatingPoint);
        op.put("chosenOn", "validation set: lowest mark score with at most the allowed false marks per normal image");
        op.put("lesionSensitivity", at[0]);
        op.put("falseMarksPerImage", at[1]);
        m.put("operatingPoint", op);
        m.put("falseMarksPerNormalImage", interval(Metrics.bootstrap(n, s -> froc.at(operatingPoint, s)[2], RESAMPLES, seed)));
        int[] reported = new int[n];
        for (int i = 0; i < n; i++) {
            int image = i;
            boolean marked = froc.marks.stream().anyMatch(k -> k.image() == image && k.score() >= operatingPoint);
            reported[i] = MarkScore.reportedClass(marked, classProbs[i]).ordinal();
        }
        double[] imageScore = new double[n]; // an image's highest mark score: what decides whether it is reported normal
        for (Froc.Mark k : froc.marks) imageScore[k.image()] = Math.max(imageScore[k.image()], k.score());
        m.put("abnormalVsNormalAucOfMarkScore", interval(Metrics.bootstrap(n,
                s -> auc(s, i -> imageScore[i], i -> set.label(i) != LesionClass.NORMAL), RESAMPLES, seed)));
        m.put("reportedClassAccuracy", interval(Metrics.bootstrap(n,
                s -> Arrays.stream(s).filter(i -> reported[i] == set.label(i).ordinal()).count() / (double) s.length, RESAMPLES, seed)));
        m.put("calibration", Map.of("expectedCalibrationError", expectedCalibrationError(10), "bins", 10,
                "of", "class head: highest class probability vs. accuracy"));
        return m;
    }

    /** ECE: per confidence bin, |accuracy - mean confidence|, weighted by the bin's share of images. */
    double expectedCalibrationError(int bins) {
        double[] conf = new double[bins], correct = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < set.count(); i++) {
            double top = Arrays.stream(toDouble(classProbs[i])).max().orElse(0);
            int b = Math.min(bins - 1, (int) (top * bins));
            conf[b] += top;
            correct[b] += predicted(i) == set.label(i).ordinal() ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) ece += Math.abs(correct[b] - conf[b]) / set.count();
        }
        return ece;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    public Map<String, Object> metrics(long seed) {
        int n = set.count();
        List<Integer> lesionList = new ArrayList<>();
        for (int i = 0; i < n; i++) if (set.label(i) != LesionClass.NORMAL) lesionList.add(i);
        int[] lesion = lesionList.stream().mapToInt(Integer::intValue).toArray();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", n);
        m.put("lesionImages", lesion.length);
        m.put("dice", interval(Metrics.bootstrap(lesion.length,
                s -> Arrays.stream(s).mapToDouble(k -> Metrics.dice(masks[lesion[k]], set.mask(lesion[k]), THRESHOLD)).average().orElse(Double.NaN),
                RESAMPLES, seed)));
        m.put("iou", interval(Metrics.bootstrap(lesion.length,
                s -> Arrays.stream(s).mapToDouble(k -> Metrics.iou(masks[lesion[k]], set.mask(lesion[k]), THRESHOLD)).average().orElse(Double.NaN),
                RESAMPLES, seed)));
        long[] counts = pixelCounts();
        m.put("pixelPrecision", counts[0] + counts[1] == 0 ? Double.NaN : (double) counts[0] / (counts[0] + counts[1]));
        m.put("pixelRecall", counts[0] + counts[2] == 0 ? Double.NaN : (double) counts[0] / (counts[0] + counts[2]));
        m.put("accuracy", interval(Metrics.bootstrap(n,
                s -> Arrays.stream(s).filter(i -> predicted(i) == set.label(i).ordinal()).count() / (double) s.length, RESAMPLES, seed)));
        int[][] confusion = new int[3][3];
        for (int i = 0; i < n; i++) confusion[set.label(i).ordinal()][predicted(i)]++;
        m.put("confusionMatrix(rows=true,cols=predicted;normal,benign,malignant)", confusion);
        Map<String, Double> recall = new LinkedHashMap<>();
        for (LesionClass c : LesionClass.values()) {
            int row = Arrays.stream(confusion[c.ordinal()]).sum();
            recall.put(c.name().toLowerCase(), row == 0 ? Double.NaN : confusion[c.ordinal()][c.ordinal()] / (double) row);
        }
        m.put("recallPerClass", recall);
        m.put("malignantVsRestAuc", interval(Metrics.bootstrap(n, s -> auc(s, LesionClass.MALIGNANT), RESAMPLES, seed)));
        m.put("abnormalVsNormalAuc", interval(Metrics.bootstrap(n, s -> auc(s, null), RESAMPLES, seed)));
        m.put("inferenceMsPerImageMedian", msPerImage);
        return m;
    }

    /** Mean Dice over the images with a lesion (0 when there are none). */
    double meanLesionDice() {
        double dice = 0;
        int lesions = 0;
        for (int i = 0; i < set.count(); i++) {
            if (set.label(i) == LesionClass.NORMAL) continue;
            dice += Metrics.dice(masks[i], set.mask(i), THRESHOLD);
            lesions++;
        }
        return lesions == 0 ? 0 : dice / lesions;
    }

    /** The class head's 3-class accuracy over all images (0 for an empty set). */
    double accuracy() {
        int correct = 0;
        for (int i = 0; i < set.count(); i++) if (predicted(i) == set.label(i).ordinal()) correct++;
        return set.count() == 0 ? 0 : correct / (double) set.count();
    }

    /** Mean lesion Dice plus 3-class accuracy: what training chooses its epoch by, for other choices on validation. */
    double validationScore() {
        return meanLesionDice() + accuracy();
    }

    double abnormalVsNormalAuc(int[] sample) {
        return auc(sample, null);
    }

    /** AUC for one class against the rest, or (positive == null) abnormal vs normal scored by 1 - P(normal). */
    private double auc(int[] sample, LesionClass positive) {
        return positive == null ? auc(sample, i -> 1 - classProbs[i][0], i -> set.label(i) != LesionClass.NORMAL)
                : auc(sample, i -> classProbs[i][positive.ordinal()], i -> set.label(i) == positive);
    }

    /** AUC over the sampled images of a per-image score against a per-image truth. */
    private static double auc(int[] sample, IntToDoubleFunction score, IntPredicate positive) {
        double[] scores = new double[sample.length];
        boolean[] truth = new boolean[sample.length];
        for (int k = 0; k < sample.length; k++) {
            scores[k] = score.applyAsDouble(sample[k]);
            truth[k] = positive.test(sample[k]);
        }
        return Metrics.auc(scores, truth);
    }

    private long[] pixelCounts() {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < set.count(); i++) {
            float[] p = masks[i], t = set.mask(i);
            for (int k = 0; k < p.length; k++) {
                boolean pk = p[k] >= THRESHOLD, tk = t[k] > 0.5f;
                if (pk && tk) tp++; else if (pk) fp++; else if (tk) fn++;
            }
        }
        return new long[] {tp, fp, fn};
    }

    private static Map<String, Double> interval(Metrics.Interval i) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("value", i.value());
        m.put("ci95Low", i.low());
        m.put("ci95High", i.high());
        return m;
    }

    /** A grid of lesion images: true outline green, predicted outline red. */
    public void writeMaskGrid(Path png, int maxImages, int columns) {
        List<Mat> tiles = new ArrayList<>();
        for (int i = 0; i < set.count() && tiles.size() < maxImages; i++) {
            if (set.label(i) == LesionClass.NORMAL) continue;
            Mat tile = new Mat();
            cvtColor(to8u(set.image(i), 255f), tile, COLOR_GRAY2BGR);
            outline(tile, set.mask(i), new Scalar(0, 200, 0, 0));
            outline(tile, masks[i], new Scalar(0, 0, 255, 0));
            tiles.add(tile);
        }
        if (tiles.isEmpty()) return;
        while (tiles.size() % columns != 0) tiles.add(new Mat(set.size, set.size, tiles.get(0).type(), new Scalar(0.0)));
        List<Mat> rows = new ArrayList<>();
        for (int r = 0; r < tiles.size(); r += columns) {
            Mat row = new Mat();
            hconcat(new MatVector(tiles.subList(r, r + columns).toArray(Mat[]::new)), row);
            rows.add(row);
        }
        Mat grid = new Mat();
        vconcat(new MatVector(rows.toArray(Mat[]::new)), grid);
        imwrite(png.toString(), grid);
    }

    private void outline(Mat bgr, float[] mask, Scalar color) {
        float[] binary = new float[mask.length];
        for (int k = 0; k < mask.length; k++) binary[k] = mask[k] >= THRESHOLD ? 1 : 0;
        MatVector contours = new MatVector();
        findContours(to8u(binary, 255f), contours, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
        drawContours(bgr, contours, -1, color);
    }

    private Mat to8u(float[] values, float scale) {
        Mat f = new Mat(set.size, set.size, CV_32F);
        new FloatPointer(f.data()).put(values);
        Mat out = new Mat();
        f.convertTo(out, CV_8U, scale, 0);
        return out;
    }
}
