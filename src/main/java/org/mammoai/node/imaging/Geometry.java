package org.mammoai.node.imaging;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How an original image became the model's square input: reduced to a working grid (large images only), crop,
 * optional horizontal flip, padding to a square at the bottom/right, resize. Masks go through the same steps;
 * model maps come back one region at a time, so a full-field image never has a full-size float map.
 *
 * @param workingWidth equal to originalWidth when the image was not reduced; crop values are on the working grid
 */
public record Geometry(int originalWidth, int originalHeight, int workingWidth, int workingHeight, int cropX, int cropY,
                       int cropWidth, int cropHeight, boolean flipped, int size) {

    int paddedSide() {
        return Math.max(cropWidth, cropHeight);
    }

    /** Original pixels per working pixel, across and down (1 when the image was not reduced). */
    private double scaleX() {
        return originalWidth / (double) workingWidth;
    }

    private double scaleY() {
        return originalHeight / (double) workingHeight;
    }

    boolean reduced() {
        return workingWidth != originalWidth || workingHeight != originalHeight;
    }

    /** An image of the original size on the working grid (a new Mat): area averaging, nearest for masks. */
    Mat toWorking(Mat original, boolean nearest) {
        Mat out = new Mat();
        if (reduced()) resize(original, out, new Size(workingWidth, workingHeight), 0, 0, nearest ? INTER_NEAREST : INTER_AREA);
        else original.copyTo(out);
        return out;
    }

    /** Crop, flip, pad and resize an image of the original geometry; nearest for masks. */
    Mat toModel(Mat original, boolean nearest) {
        try (Mat working = toWorking(original, nearest)) {
            return workingToModel(working, nearest);
        }
    }

    /** Crop, flip, pad and resize an image already on the working grid. */
    Mat workingToModel(Mat working, boolean nearest) {
        try (Mat m = new Mat(working, new Rect(cropX, cropY, cropWidth, cropHeight)).clone(); Mat padded = new Mat()) {
            if (flipped) flip(m, m, 1);
            copyMakeBorder(m, padded, 0, paddedSide() - cropHeight, 0, paddedSide() - cropWidth, BORDER_CONSTANT, new Scalar(0.0));
            Mat out = new Mat();
            resize(padded, out, new Size(size, size), 0, 0, nearest ? INTER_NEAREST : INTER_AREA);
            return out;
        }
    }

    /** The part of the original image the model saw (the crop, on the original grid). */
    public Rect originalCrop() {
        double rx = scaleX(), ry = scaleY();
        int x0 = (int) Math.round(cropX * rx), y0 = (int) Math.round(cropY * ry);
        int x1 = Math.min(originalWidth, (int) Math.round((cropX + cropWidth) * rx));
        int y1 = Math.min(originalHeight, (int) Math.round((cropY + cropHeight) * ry));
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** How many original-grid pixels one model pixel covers, over the crop as it lies on the original grid. */
    public double originalPixelsPerModelPixel() {
        Rect crop = originalCrop();
        return (double) crop.width() * crop.height() / ((double) cropWidth * cropHeight) * Math.pow(paddedSide() / (double) size, 2);
    }

    /**
     * The original-grid box that holds everything a model-grid box can become after bilinear resampling (one model
     * pixel of margin), clipped to {@link #originalCrop()}; empty when it falls outside.
     */
    public Rect originalBox(int modelX, int modelY, int modelWidth, int modelHeight) {
        double[] xs = {originalX(modelX - 1.0), originalX(modelX + modelWidth + 1.0)};
        double[] ys = {originalY(modelY - 1.0), originalY(modelY + modelHeight + 1.0)};
        Rect crop = originalCrop();
        int x0 = Math.max(crop.x(), (int) Math.floor(Math.min(xs[0], xs[1])));
        int x1 = Math.min(crop.x() + crop.width(), (int) Math.ceil(Math.max(xs[0], xs[1])) + 1);
        int y0 = Math.max(crop.y(), (int) Math.floor(Math.min(ys[0], ys[1])));
        int y1 = Math.min(crop.y() + crop.height(), (int) Math.ceil(Math.max(ys[0], ys[1])) + 1);
        return x1 > x0 && y1 > y0 ? new Rect(x0, y0, x1 - x0, y1 - y0) : new Rect(0, 0, 0, 0);
    }

    /**
     * A model-space probability map (size x size, 32F) resampled bilinearly onto one box of the original grid (32F,
     * box-sized): the values a full-size resampling would have there. The box should lie inside {@link #originalCrop()}.
     */
    public Mat toOriginal(Mat modelMap, Rect box) {
        double s = size / (double) paddedSide();
        double rx = scaleX(), ry = scaleY();
        // original pixel x -> working (x + 0.5) / rx - 0.5 -> crop (minus cropX, mirrored when flipped) -> model (p + 0.5) * s - 0.5
        double ax = (flipped ? -s : s) / rx;
        double bx = flipped ? (cropWidth + cropX - 0.5 / rx) * s - 0.5 : (0.5 / rx - cropX) * s - 0.5;
        double ay = s / ry, by = (0.5 / ry - cropY) * s - 0.5;
        Mat out = new Mat();
        try (Mat affine = new Mat(2, 3, CV_64F)) {
            new DoublePointer(affine.data()).put(ax, 0, ax * box.x() + bx, 0, ay, ay * box.y() + by);
            warpAffine(modelMap, out, affine, new Size(box.width(), box.height()), INTER_LINEAR | WARP_INVERSE_MAP, BORDER_REPLICATE,
                    new Scalar(0.0));
        }
        return out;
    }

    /** The whole map on the original grid, zero outside the crop (tests and small images; 32F, original size). */
    public Mat toOriginal(Mat modelMap) {
        Rect crop = originalCrop();
        Mat out = new Mat();
        try (Mat inside = toOriginal(modelMap, crop)) {
            copyMakeBorder(inside, out, crop.y(), originalHeight - crop.y() - crop.height(), crop.x(),
                    originalWidth - crop.x() - crop.width(), BORDER_CONSTANT, new Scalar(0.0));
        }
        return out;
    }

    /** Inverse of the x mapping in {@link #toOriginal(Mat, Rect)}: model column u to an original column. */
    private double originalX(double u) {
        double p = (u + 0.5) * paddedSide() / size - 0.5;
        double crop = flipped ? cropWidth - 1 - p : p;
        return (crop + cropX + 0.5) * scaleX() - 0.5;
    }

    private double originalY(double v) {
        double p = (v + 0.5) * paddedSide() / size - 0.5;
        return (p + cropY + 0.5) * scaleY() - 0.5;
    }
}
