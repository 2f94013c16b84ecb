package org.mammoai.node.results;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.NORM_MINMAX;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.normalize;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;

import java.io.IOException;
import org.mammoai.node.common.OwnerOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionFinder;
import org.mammoai.node.inference.LesionClass;

/** A PNG of the image with the lesion mask tinted and each lesion outlined (red malignant, yellow benign). */
final class OverlayImage {
    private OverlayImage() {}

    static void write(Mat pixels, Mat lesionLabels, java.util.List<Lesion> lesions, Path file) throws IOException {
        Mat gray = new Mat();
        normalize(pixels, gray, 0, 255, NORM_MINMAX, CV_8U, null);
        Mat colour = new Mat();
        cvtColor(gray, colour, COLOR_GRAY2BGR);
        Mat tinted = colour.clone();
        for (Lesion lesion : lesions) {
            Mat region = LesionFinder.regionOf(lesionLabels, lesion.number());
            tinted.setTo(new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_8UC3, colourOf(lesion.lesionClass())), region);
        }
        Mat out = new Mat();
        addWeighted(colour, 0.6, tinted, 0.4, 0, out);
        int thickness = Math.max(1, Math.max(out.rows(), out.cols()) / 400);
        for (Lesion lesion : lesions) {
            float[] o = lesion.outline();
            int[] xy = new int[o.length];
            for (int i = 0; i < o.length; i++) xy[i] = Math.round(o[i] - 0.5f);
            Mat points = new Mat(xy.length / 2, 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2, new IntPointer(xy));
            polylines(out, new MatVector(points), true, colourOf(lesion.lesionClass()), thickness, 8, 0);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        if (!imwrite(tmp.toString(), out)) throw new IOException("cannot write " + tmp);
        OwnerOnly.file(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Scalar colourOf(LesionClass c) {
        return c == LesionClass.MALIGNANT ? new Scalar(0, 0, 255, 0) : new Scalar(0, 215, 255, 0);
    }
}
