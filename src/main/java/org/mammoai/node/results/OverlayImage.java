package org.mammoai.node.results;

import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.mammoai.node.common.OwnerOnly;
import org.mammoai.node.imaging.GrayImage;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;

/**
 * A PNG of the image at display size with each lesion tinted and outlined (red malignant, yellow benign),
 * drawn from the lesion outlines scaled from the source grid.
 */
public final class OverlayImage {
    private OverlayImage() {}

    /** @param sourceColumns the source image's width, which the outlines' coordinates refer to */
    static void write(GrayImage display, int sourceColumns, List<Lesion> lesions, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        Files.write(tmp, png(display, sourceColumns, lesions));
        OwnerOnly.file(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The overlay as PNG bytes (the console's upload page shows it without storing anything). */
    public static byte[] png(GrayImage display, int sourceColumns, List<Lesion> lesions) throws IOException {
        double scale = display.width() / (double) sourceColumns;
        try (BytePointer data = new BytePointer(display.pixels());
             Mat gray = new Mat(display.height(), display.width(), CV_8UC1, data);
             Mat colour = new Mat(); Mat out = new Mat()) {
            cvtColor(gray, colour, COLOR_GRAY2BGR);
            Mat tinted = colour.clone();
            int thickness = Math.max(1, Math.max(display.width(), display.height()) / 400);
            for (Lesion lesion : lesions) {
                try (Mat points = points(lesion.outline(), scale); MatVector polygon = new MatVector(points)) {
                    fillPoly(tinted, polygon, colourOf(lesion.lesionClass()));
                }
            }
            addWeighted(colour, 0.6, tinted, 0.4, 0, out);
            tinted.close();
            for (Lesion lesion : lesions) {
                try (Mat points = points(lesion.outline(), scale); MatVector polygon = new MatVector(points)) {
                    polylines(out, polygon, true, colourOf(lesion.lesionClass()), thickness, 8, 0);
                }
            }
            try (BytePointer encoded = new BytePointer()) {
                if (!imencode(".png", out, encoded)) throw new IOException("cannot encode the overlay as PNG");
                byte[] bytes = new byte[(int) encoded.limit()];
                encoded.get(bytes);
                return bytes;
            }
        }
    }

    /** Outline points (pixel centres on the source grid) as display pixel positions. */
    private static Mat points(float[] outline, double scale) {
        int[] xy = new int[outline.length];
        for (int i = 0; i < outline.length; i++) xy[i] = (int) Math.round((outline[i] - 0.5) * scale);
        Mat m = new Mat(xy.length / 2, 1, CV_32SC2);
        new IntPointer(m.data()).put(xy);
        return m;
    }

    private static Scalar colourOf(LesionClass c) {
        return c == LesionClass.MALIGNANT ? new Scalar(0, 0, 255, 0) : new Scalar(0, 215, 255, 0);
    }
}
