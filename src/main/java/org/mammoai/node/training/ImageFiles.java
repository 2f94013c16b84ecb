package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CMP_GT;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_core.compare;
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

    /** PNG/JPEG as 8-bit gray; a DICOM file (.dcm, e.g. CBIS-DDSM) decoded as the node decodes it (16-bit). */
    public static Mat readGray(Path png) throws IOException {
        if (!Files.isRegularFile(png)) {
            throw new IOException("no such image: " + png);
        }
        if (png.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm")) {
            try {
                return org.mammoai.node.imaging.DicomPixels.decode(png, 0);
            } catch (Exception e) {
                throw new IOException("cannot decode DICOM image " + png + ": " + e.getMessage(), e);
            }
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
            Mat binary = new Mat();
            compare(m, new Mat(1, 1, m.type(), new Scalar(0.0)), binary, CMP_GT); // any nonzero value, 8- or 16-bit
            bitwise_or(mask, binary, mask);
        }
        for (Case.Circle k : c.circles()) {
            circle(mask, new Point(k.x(), k.y()), k.radius(), new Scalar(255.0), -1, 8, 0);
        }
        return mask;
    }
}
