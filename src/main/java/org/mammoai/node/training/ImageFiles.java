package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Reads dataset PNGs and builds lesion masks, with errors that name the file. */
public final class ImageFiles {
    private ImageFiles() {}

    public static Mat readGray(Path png) throws IOException {
        if (!Files.isRegularFile(png)) {
            throw new IOException("no such image: " + png);
        }
        Mat m = imread(png.toString(), IMREAD_GRAYSCALE);
        if (m == null || m.empty()) {
            throw new IOException("cannot decode image (broken or not a PNG/JPEG): " + png);
        }
        return m;
    }

    /** The union of the case's mask files and circles, at the image's size (255 = lesion). */
    public static Mat lesionMask(Case c, int rows, int cols) throws IOException {
        Mat mask = new Mat(rows, cols, CV_8U, new Scalar(0.0));
        for (Path file : c.maskFiles()) {
            Mat m = readGray(file);
            if (m.rows() != rows || m.cols() != cols) {
                throw new IOException("mask " + file + " is " + m.cols() + "x" + m.rows() + ", image is " + cols + "x" + rows);
            }
            bitwise_or(mask, m, mask);
        }
        for (Case.Circle k : c.circles()) {
            circle(mask, new Point(k.x(), k.y()), k.radius(), new Scalar(255.0), -1, 8, 0);
        }
        return mask;
    }
}
