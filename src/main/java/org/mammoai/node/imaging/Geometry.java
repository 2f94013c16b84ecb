package org.mammoai.node.imaging;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How an original image became the model's square input: crop, optional horizontal flip, padding
 * to a square at the bottom/right, resize. Masks go through the same steps in both directions.
 */
public record Geometry(int originalWidth, int originalHeight, int cropX, int cropY, int cropWidth, int cropHeight,
                       boolean flipped, int size) {

    int paddedSide() {
        return Math.max(cropWidth, cropHeight);
    }

    /** Crop, flip, pad and resize an image of the original geometry; nearest for masks. */
    Mat toModel(Mat original, boolean nearest) {
        Mat m = new Mat(original, new Rect(cropX, cropY, cropWidth, cropHeight)).clone();
        if (flipped) {
            flip(m, m, 1);
        }
        Mat padded = new Mat();
        copyMakeBorder(m, padded, 0, paddedSide() - cropHeight, 0, paddedSide() - cropWidth, BORDER_CONSTANT, new Scalar(0.0));
        Mat out = new Mat();
        resize(padded, out, new Size(size, size), 0, 0, nearest ? INTER_NEAREST : org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
        return out;
    }

    /** A model-space probability map (size x size, 32F) back onto the original image grid (32F). */
    public Mat toOriginal(Mat modelMap) {
        Mat padded = new Mat();
        resize(modelMap, padded, new Size(paddedSide(), paddedSide()), 0, 0, INTER_LINEAR);
        Mat crop = new Mat(padded, new Rect(0, 0, cropWidth, cropHeight)).clone();
        if (flipped) {
            flip(crop, crop, 1);
        }
        Mat out = new Mat();
        copyMakeBorder(crop, out, cropY, originalHeight - cropY - cropHeight, cropX, originalWidth - cropX - cropWidth,
                BORDER_CONSTANT, new Scalar(0.0));
        return out;
    }
}
