package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.mammoai.node.imaging.Modality;

/**
 * Training-time augmentation of a preprocessed image and its mask, drawn from a seeded source: a flip that
 * keeps the anatomy plausible (ultrasound left-right, mammograms up-down since the chest wall stays left),
 * rotation within 10 degrees and scale 0.9-1.1 (the same warp for the mask), brightness/contrast/gamma,
 * and for ultrasound multiplicative speckle-like noise.
 */
final class Augmenter {
    private final Modality modality;

    Augmenter(Modality modality) {
        this.modality = modality;
    }

    /** Augments image (values in [0, 1]) and mask (in {0, 1}) of side x side in place. */
    void apply(float[] image, float[] mask, int side, Random r) {
        boolean flip = r.nextBoolean();
        double angle = (r.nextDouble() * 2 - 1) * 10, scale = 0.9 + 0.2 * r.nextDouble();
        warp(image, side, flip, angle, scale, INTER_LINEAR);
        if (mask != null) {
            warp(mask, side, flip, angle, scale, INTER_NEAREST);
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

    private void warp(float[] values, int side, boolean flip, double angle, double scale, int interpolation) {
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
        Mat out = new Mat();
        warpAffine(m, out, rotation, new Size(side, side), interpolation, BORDER_CONSTANT, new Scalar(0.0));
        new FloatPointer(out.data()).get(values);
    }
}
