package org.mammoai.node.inference;

import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.approxPolyDP;
import static org.bytedeco.opencv.global.opencv_imgproc.arcLength;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.mammoai.node.imaging.Geometry;

/**
 * Turns a lesion probability map into lesions on the original image grid: threshold, connected
 * components, specks smaller than a few model pixels dropped, the most probable ones kept.
 */
public final class LesionFinder {
    /** A CAD report with dozens of marks helps nobody; keep the most certain ones. */
    static final int MAX_LESIONS = 10;
    /** Regions smaller than this many model-input pixels are resampling noise, not lesions. */
    static final int MIN_MODEL_PIXELS = 4;

    /** Lesions and each one's mask (masks.get(n - 1) is lesion n's), on the probability map's grid. */
    public record Found(List<Lesion> lesions, List<LesionMask> masks) {}

    /** How marks are scored ({@link MarkScore}) and which are shown: those at or above the model's operating point. */
    public record Marking(float[] classProbabilities, double minScore) {}

    private LesionFinder() {}

    /**
     * @param probabilities CV_32F, original image size
     * @param modelSize the model's input side, which sets the smallest meaningful region
     * @param pixelSpacingMm row and column spacing, or null when unknown
     */
    public static Found find(Mat probabilities, float threshold, LesionClass lesionClass, int modelSize, double[] pixelSpacingMm) {
        return find(probabilities, threshold, lesionClass, modelSize, pixelSpacingMm, null);
    }

    /** @param marking null: every region is a mark, scored by its peak lesion probability */
    public static Found find(Mat probabilities, float threshold, LesionClass lesionClass, int modelSize, double[] pixelSpacingMm,
                             Marking marking) {
        double modelPixel = Math.pow(Math.max(probabilities.rows(), probabilities.cols()) / (double) modelSize, 2);
        List<Candidate> candidates = new ArrayList<>();
        collect(probabilities, 0, 0, threshold, MIN_MODEL_PIXELS * modelPixel, marking, candidates);
        return numbered(candidates, lesionClass, pixelSpacingMm);
    }

    /**
     * The same lesions from the model's own map: regions are found on the model grid, and only the boxes around them
     * are resampled onto the original grid ({@link Geometry#toOriginal(Mat, Rect)}), so a full-field image never
     * needs a full-size probability map.
     *
     * @param modelMap CV_32F, the model's side
     */
    public static Found find(Mat modelMap, Geometry geometry, float threshold, LesionClass lesionClass, double[] pixelSpacingMm,
                             Marking marking) {
        double modelPixel = geometry.originalPixelsPerModelPixel();
        List<Candidate> candidates = new ArrayList<>();
        for (Rect box : regionBoxes(modelMap, geometry, threshold)) {
            try (Mat part = geometry.toOriginal(modelMap, box)) {
                collect(part, box.x(), box.y(), threshold, MIN_MODEL_PIXELS * modelPixel, marking, candidates);
            }
        }
        return numbered(candidates, lesionClass, pixelSpacingMm);
    }

    /**
     * Original-grid boxes around the model grid's regions above the threshold, merged where they overlap, so that no
     * region resampled onto the original grid is cut by a box edge.
     */
    private static List<Rect> regionBoxes(Mat modelMap, Geometry geometry, float threshold) {
        List<Rect> boxes = new ArrayList<>();
        try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
            int n = regions(modelMap, threshold, labels, stats, centroids);
            IntIndexer s = stats.createIndexer();
            for (int i = 1; i < n; i++) {
                Rect model = boxOf(s, i);
                Rect box = geometry.originalBox(model.x(), model.y(), model.width(), model.height());
                if (box.width() > 0 && box.height() > 0) boxes.add(box);
            }
            s.close();
        }
        for (boolean merged = true; merged; ) {
            merged = false;
            outer:
            for (int a = 0; a < boxes.size(); a++) {
                for (int b = a + 1; b < boxes.size(); b++) {
                    Rect p = boxes.get(a), q = boxes.get(b);
                    if (p.x() < q.x() + q.width() && q.x() < p.x() + p.width() && p.y() < q.y() + q.height() && q.y() < p.y() + p.height()) {
                        int x0 = Math.min(p.x(), q.x()), y0 = Math.min(p.y(), q.y());
                        int x1 = Math.max(p.x() + p.width(), q.x() + q.width()), y1 = Math.max(p.y() + p.height(), q.y() + q.height());
                        boxes.set(a, new Rect(x0, y0, x1 - x0, y1 - y0));
                        boxes.remove(b);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return boxes;
    }

    /** A region that passed the size rule and the operating point, with everything its lesion needs; grid offsets applied. */
    private record Candidate(double score, int area, Rect box, double centroidX, double centroidY, float[] outline, LesionMask mask) {}

    /**
     * Regions of one probability map (at x0, y0 on the original grid) into candidates.
     *
     * @param minArea regions smaller than this many pixels are resampling noise
     */
    private static void collect(Mat probabilities, int x0, int y0, float threshold, double minArea, Marking marking, List<Candidate> out) {
        try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
            int n = regions(probabilities, threshold, labels, stats, centroids);
            IntIndexer s = stats.createIndexer();
            DoubleIndexer c = centroids.createIndexer();
            for (int i = 1; i < n; i++) {
                if (s.get(i, CC_STAT_AREA) < minArea) continue;
                Rect box = boxOf(s, i); // every per-region step works inside the region's bounding box
                try (Mat region = regionOf(new Mat(labels, box), i)) {
                    double[] peak = new double[1];
                    minMaxLoc(new Mat(probabilities, box), null, peak, null, null, region);
                    double score = marking == null ? peak[0] : MarkScore.of(peak[0], marking.classProbabilities());
                    if (marking != null && score < marking.minScore()) continue;
                    Rect placed = new Rect(box.x() + x0, box.y() + y0, box.width(), box.height());
                    out.add(new Candidate(score, s.get(i, CC_STAT_AREA), placed, c.get(i, 0) + x0, c.get(i, 1) + y0,
                            outline(region, placed.x(), placed.y()), crop(region, placed)));
                }
            }
            s.close();
            c.close();
        }
    }

    /** Connected regions of the map above the threshold (labels CV_32S, 0 = none); returns the label count with 0. */
    private static int regions(Mat probabilities, float threshold, Mat labels, Mat stats, Mat centroids) {
        try (Mat binary = new Mat()) {
            threshold(probabilities, binary, threshold, 255, THRESH_BINARY);
            binary.convertTo(binary, CV_8U);
            return connectedComponentsWithStats(binary, labels, stats, centroids);
        }
    }

    /** Region i's bounding box from connectedComponentsWithStats' statistics. */
    private static Rect boxOf(IntIndexer stats, int i) {
        return new Rect(stats.get(i, CC_STAT_LEFT), stats.get(i, CC_STAT_TOP), stats.get(i, CC_STAT_WIDTH), stats.get(i, CC_STAT_HEIGHT));
    }

    /** The most certain candidates, numbered from 1 in that order. */
    private static Found numbered(List<Candidate> candidates, LesionClass lesionClass, double[] pixelSpacingMm) {
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Lesion> lesions = new ArrayList<>();
        List<LesionMask> masks = new ArrayList<>();
        for (Candidate cand : candidates.subList(0, Math.min(MAX_LESIONS, candidates.size()))) {
            Rect box = cand.box();
            Double areaMm2 = pixelSpacingMm == null ? null : cand.area() * pixelSpacingMm[0] * pixelSpacingMm[1];
            lesions.add(new Lesion(lesions.size() + 1, lesionClass, cand.score(), cand.area(), areaMm2, box.x(), box.y(), box.width(),
                    box.height(), cand.centroidX(), cand.centroidY(), cand.outline()));
            masks.add(cand.mask());
        }
        return new Found(List.copyOf(lesions), List.copyOf(masks));
    }

    /** The region (already its bounding box) as the lesion's mask. */
    private static LesionMask crop(Mat region, Rect box) {
        byte[] inside = new byte[box.width() * box.height()];
        try (Mat contiguous = region.clone()) {
            contiguous.data().get(inside);
        }
        return new LesionMask(box.x(), box.y(), box.width(), box.height(), inside);
    }

    /** The pixels of one label as a CV_8U mask (255 inside). */
    public static Mat regionOf(Mat labels, int label) {
        Mat region = new Mat();
        compare(labels, new Mat(1, 1, labels.type(), new org.bytedeco.opencv.opencv_core.Scalar(label)), region, CMP_EQ);
        return region;
    }

    /** The region's outer contour (region: its bounding box at x0, y0), simplified to within 1% of its perimeter, closed. */
    private static float[] outline(Mat region, int x0, int y0) {
        MatVector contours = new MatVector();
        findContours(region.clone(), contours, new Mat(), RETR_EXTERNAL, CHAIN_APPROX_SIMPLE, new org.bytedeco.opencv.opencv_core.Point(x0, y0));
        Mat largest = contours.get(0);
        for (long k = 1; k < contours.size(); k++) {
            if (contourArea(contours.get(k)) > contourArea(largest)) largest = contours.get(k);
        }
        Mat poly = new Mat();
        approxPolyDP(largest, poly, Math.max(1.0, 0.01 * arcLength(largest, true)), true);
        if (poly.total() < 3) { // a sliver: outline its bounding box instead
            org.bytedeco.opencv.opencv_core.Rect r = boundingRect(largest);
            return new float[] {r.x(), r.y(), r.x() + r.width(), r.y(), r.x() + r.width(), r.y() + r.height(),
                    r.x(), r.y() + r.height(), r.x(), r.y()};
        }
        IntIndexer p = poly.createIndexer();
        int points = (int) poly.total();
        float[] out = new float[(points + 1) * 2];
        for (int k = 0; k <= points; k++) {
            int q = k % points;
            out[2 * k] = p.get(q, 0, 0) + 0.5f;
            out[2 * k + 1] = p.get(q, 0, 1) + 0.5f;
        }
        return out;
    }
}
