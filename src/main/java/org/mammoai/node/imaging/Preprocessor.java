package org.mammoai.node.imaging;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.NORM_MINMAX;
import static org.bytedeco.opencv.global.opencv_core.normalize;
import static org.bytedeco.opencv.global.opencv_core.CMP_NE;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.createCLAHE;
import static org.bytedeco.opencv.global.opencv_imgproc.medianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_imgproc.CLAHE;

/**
 * The seeds' preprocessing, one code path for training and inference: normalise to 8 bit; crop to
 * the breast (mammography: largest bright component, which also drops labels and markers;
 * ultrasound: the non-dark area inside the border); flip mammograms so the chest wall is on the
 * left; CLAHE; pad to a square and resize. Output values are in [0, 1].
 */
public final class Preprocessor {
    /** Pixels at or below this (8-bit) count as background/border. */
    static final int BACKGROUND_LEVEL = 10;
    /** The longest side images are worked on; the model sees at most a few hundred pixels of it. */
    public static final int WORKING_SIDE = 2048;

    public record Result(float[] pixels, Geometry geometry) {}

    private final Modality modality;
    private final int size;

    public Preprocessor(Modality modality, int size) {
        this.modality = modality;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** @param image single-channel 8- or 16-bit, already windowed/inverted to MONOCHROME2 by the caller */
    public Result apply(Mat image) {
        return apply(image, image.cols(), image.rows());
    }

    /**
     * @param image the original image, or a reduced version of it at least {@link #WORKING_SIDE} long (a JPEG 2000
     *              frame decoded at a lower resolution level): the geometry refers to the original's size
     */
    public Result apply(Mat image, int originalWidth, int originalHeight) {
        Geometry reduction = new Geometry(originalWidth, originalHeight, workingSide(originalWidth, originalHeight),
                workingSide(originalHeight, originalWidth), 0, 0, 0, 0, false, size);
        try (Mat working = reduction.toWorking(image, false); Mat gray = new Mat(); CLAHE clahe = createCLAHE(2.0, new Size(8, 8));
             Mat enhanced = new Mat()) {
            normalize(working, gray, 0, 255, NORM_MINMAX, CV_8U, null);
            try (Components parts = Components.of(foreground(gray))) {
                Geometry geometry = locate(gray, parts, originalWidth, originalHeight);
                if (modality == Modality.MAMMOGRAPHY) keepLargestComponent(gray, parts);
                try (Mat square = geometry.workingToModel(gray, false)) {
                    clahe.apply(square, enhanced);
                }
                return new Result(toFloats(enhanced, 1f / 255f), geometry);
            }
        }
    }

    /**
     * A side of the working grid: images longer than {@link #WORKING_SIDE} are reduced (aspect kept) before
     * anything else, so a 26 MP full-field image is handled at about 4 MP. Training images (mini-MIAS 1024 px,
     * BUSI) are below it and go through unchanged.
     */
    static int workingSide(int side, int otherSide) {
        int longer = Math.max(side, otherSide);
        return longer <= WORKING_SIDE ? side : Math.max(1, (int) Math.round(side * (double) WORKING_SIDE / longer));
    }

    /** The same geometry applied to a lesion mask (nonzero = lesion); returns {0,1} values. */
    public float[] maskToModel(Mat mask, Geometry geometry) {
        return toFloats(geometry.toModel(mask, true), 1f, true);
    }

    /** Connected components of the foreground, labelled once per image and used for crop and cleaning. */
    private record Components(Mat labels, Mat statsMat, IntIndexer stats, int count) implements AutoCloseable {
        static Components of(Mat foreground) {
            try (foreground; Mat centroids = new Mat()) {
                Mat labels = new Mat(), stats = new Mat();
                int n = connectedComponentsWithStats(foreground, labels, stats, centroids);
                return new Components(labels, stats, stats.createIndexer(), n);
            }
        }

        @Override
        public void close() {
            stats.close();
            statsMat.close();
            labels.close();
        }

        /** Label of the largest component (0 is the background), or -1 when there is none. */
        int largest() {
            int best = -1;
            for (int i = 1; i < count; i++) {
                if (best < 0 || stats.get(i, CC_STAT_AREA) > stats.get(best, CC_STAT_AREA)) best = i;
            }
            return best;
        }
    }

    private Geometry locate(Mat gray, Components parts, int originalWidth, int originalHeight) {
        IntIndexer s = parts.stats();
        int n = parts.count();
        int x = 0, y = 0, w = gray.cols(), h = gray.rows();
        if (modality == Modality.MAMMOGRAPHY) {
            int best = parts.largest();
            if (best > 0) {
                x = s.get(best, CC_STAT_LEFT); y = s.get(best, CC_STAT_TOP);
                w = s.get(best, CC_STAT_WIDTH); h = s.get(best, CC_STAT_HEIGHT);
            }
        } else { // union of all non-tiny components: the scan area inside the dark border
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            long minArea = (long) gray.cols() * gray.rows() / 100;
            for (int i = 1; i < n; i++) {
                if (s.get(i, CC_STAT_AREA) < minArea) continue;
                x0 = Math.min(x0, s.get(i, CC_STAT_LEFT));
                y0 = Math.min(y0, s.get(i, CC_STAT_TOP));
                x1 = Math.max(x1, s.get(i, CC_STAT_LEFT) + s.get(i, CC_STAT_WIDTH));
                y1 = Math.max(y1, s.get(i, CC_STAT_TOP) + s.get(i, CC_STAT_HEIGHT));
            }
            if (x1 > x0 && y1 > y0) {
                x = x0; y = y0; w = x1 - x0; h = y1 - y0;
            }
        }
        boolean flip = modality == Modality.MAMMOGRAPHY && chestWallOnRight(gray, x, y, w, h);
        return new Geometry(originalWidth, originalHeight, gray.cols(), gray.rows(), x, y, w, h, flip, size);
    }

    private static Mat foreground(Mat gray) {
        Mat fg = new Mat();
        try (Mat blurred = new Mat()) {
            medianBlur(gray, blurred, 5);
            threshold(blurred, fg, BACKGROUND_LEVEL, 255, THRESH_BINARY);
        }
        return fg;
    }

    /** Zeroes everything outside the largest bright component (film labels, markers, scanner text), in place. */
    private static void keepLargestComponent(Mat gray, Components parts) {
        int best = parts.largest();
        if (best <= 0) return;
        try (Mat label = new Mat(1, 1, parts.labels().type(), new Scalar(best)); Mat outside = new Mat()) {
            compare(parts.labels(), label, outside, CMP_NE);
            gray.setTo(new Mat(1, 1, CV_8U, new Scalar(0.0)), outside);
        }
    }

    /** The chest wall side holds more breast tissue; compare the two halves of the breast region. */
    private static boolean chestWallOnRight(Mat gray, int x, int y, int w, int h) {
        try (Mat left = new Mat(gray, new Rect(x, y, w / 2, h)); Mat right = new Mat(gray, new Rect(x + w / 2, y, w - w / 2, h))) {
            return sumElems(right).get(0) > sumElems(left).get(0);
        }
    }

    private static float[] toFloats(Mat m, float scale) {
        return toFloats(m, scale, false);
    }

    private static float[] toFloats(Mat m8, float scale, boolean binary) {
        Mat f = new Mat();
        m8.convertTo(f, CV_32F);
        float[] out = new float[m8.rows() * m8.cols()];
        new FloatPointer(f.data()).get(out);
        for (int i = 0; i < out.length; i++) {
            out[i] = binary ? (out[i] > 0 ? 1f : 0f) : out[i] * scale;
        }
        return out;
    }
}
