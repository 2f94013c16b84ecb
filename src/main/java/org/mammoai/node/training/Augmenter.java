package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.mammoai.node.imaging.Modality;

/**
 * Training-time augmentation of a preprocessed image and its mask, drawn from a seeded source: a flip that
 * keeps the anatomy plausible (ultrasound left-right, mammograms up-down since the chest wall stays left),
 * rotation and scale (standard: within 10 degrees, 0.9-1.1; strong: 20 degrees, 0.75-1.25 and a shift of up to a
 * tenth of the side; the same warp for the mask), brightness/contrast/gamma, and for ultrasound multiplicative
 * speckle-like noise.
 */
final class Augmenter {
    /** How far the spatial warp goes: rotation in degrees either way, the scale range, the shift as a fraction of the side. */
    record Warp(double maxDegrees, double minScale, double maxScale, double maxShift) {
        static final Warp STANDARD = new Warp(10, 0.9, 1.1, 0);
        static final Warp STRONG = new Warp(20, 0.75, 1.25, 0.1);

        static Warp named(String name) {
            return switch (name) {
                case "standard" -> STANDARD;
                case "strong" -> STRONG;
                default -> throw new IllegalArgumentException("--augment standard|strong, got " + name);
            };
        }
    }

    private final Modality modality;
    private final Warp range;

    Augmenter(Modality modality) {
        this(modality, Warp.STANDARD);
    }

    Augmenter(Modality modality, Warp range) {
        this.modality = modality;
        this.range = range;
    }

    /** Augments image (values in [0, 1]) and mask (in {0, 1}) of side x side in place. */
    void apply(float[] image, float[] mask, int side, Random r) {
        boolean flip = r.nextBoolean();
        double angle = (r.nextDouble() * 2 - 1) * range.maxDegrees();
        double scale = range.minScale() + (range.maxScale() - range.minScale()) * r.nextDouble();
        double dx = 0, dy = 0;
        if (range.maxShift() > 0) { // drawn only then, so standard runs see the random sequence they always did
            dx = (r.nextDouble() * 2 - 1) * range.maxShift() * side;
            dy = (r.nextDouble() * 2 - 1) * range.maxShift() * side;
        }
        warp(image, side, flip, angle, scale, dx, dy, INTER_LINEAR);
        if (mask != null) {
            warp(mask, side, flip, angle, scale, dx, dy, INTER_NEAREST);
        }
        float gain = 0.85f + 0.3f * r.nextFloat(), offset = 0.12f * (r.nextFloat() - 0.5f);
        double gamma = Math.exp((r.nextDouble() * 2 - 1) * Math.log(1.3));
        boolean speckle = modality == Modality.ULTRASOUND;
        for (int i = 0; i < image.length; i++) {
            float v = (float) Math.pow(Math.max(0f, image[i]), gamma) * gain + offset;
            if (speckle) v *= 1f + 0.08f * (float) r.nextGaussian();
            image[i] = Math.min(1f, Math.max(0f, v));
        }
    }

    private void warp(float[] values, int side, boolean flip, double angle, double scale, double dx, double dy, int interpolation) {
        Mat m = new Mat(side, side, CV_32F);
        FloatPointer p = new FloatPointer(m.data());
        if (flip) { // mirror while copying in: left-right for ultrasound, up-down for mammograms
            float[] flipped = new float[values.length];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int src = modality == Modality.ULTRASOUND ? y * side + (side - 1 - x) : (side - 1 - y) * side + x;
                    flipped[y * side + x] = values[src];
                }
            }
            p.put(flipped);
        } else {
            p.put(values);
        }
        Mat rotation = getRotationMatrix2D(new Point2f(side / 2f, side / 2f), angle, scale);
        try (DoubleIndexer t = rotation.createIndexer()) {
            t.put(0, 2, t.get(0, 2) + dx);
            t.put(1, 2, t.get(1, 2) + dy);
        }
        Mat out = new Mat();
        warpAffine(m, out, rotation, new Size(side, side), interpolation, BORDER_CONSTANT, new Scalar(0.0));
        new FloatPointer(out.data()).get(values);
    }
}
