package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.mammoai.node.imaging.Geometry;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;

/** Marks below the operating point are neither reported nor left in the label image the SEG is drawn from. */
class LesionFinderTest {
    @Test
    void marksBelowTheOperatingPointAreDropped() {
        Mat map = new Mat(100, 100, CV_32F, new Scalar(0.0));
        map.apply(new Rect(10, 10, 20, 20)).put(new Scalar(0.9));
        map.apply(new Rect(60, 60, 20, 20)).put(new Scalar(0.6));
        float[] classes = {0.2f, 0.5f, 0.3f}; // P(abnormal) 0.8: scores 0.72 and 0.48

        LesionFinder.Found all = LesionFinder.find(map, 0.5f, LesionClass.BENIGN, 100, null, new LesionFinder.Marking(classes, 0));
        assertThat(all.lesions()).extracting(l -> Math.round(l.score() * 1e4) / 1e4).containsExactly(0.72, 0.48);

        LesionFinder.Found shown = LesionFinder.find(map, 0.5f, LesionClass.BENIGN, 100, new double[] {0.1, 0.1}, new LesionFinder.Marking(classes, 0.5));
        assertThat(shown.lesions()).singleElement().satisfies(l -> {
            assertThat(l.x()).isEqualTo(10);
            assertThat(l.areaPixels()).isEqualTo(400);
            assertThat(l.areaMm2()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(shown.masks()).as("only the shown mark has a mask").singleElement()
                .satisfies(m -> assertThat(m.area()).isEqualTo(400));
    }

    /** The node finds regions on the model grid and resamples only their boxes: the same lesions as from a full-size map. */
    @Test
    void regionsFoundOnTheModelGridAreTheLesionsOfTheFullSizeMap() {
        Mat image = new Mat(3600, 2700, org.bytedeco.opencv.global.opencv_core.CV_8U, new Scalar(0.0));
        org.bytedeco.opencv.global.opencv_imgproc.ellipse(image, new org.bytedeco.opencv.opencv_core.Point(2699, 1800),
                new org.bytedeco.opencv.opencv_core.Size(1600, 1500), 0, 90, 270, new Scalar(120.0), -1, 8, 0);
        Geometry g = new Preprocessor(Modality.MAMMOGRAPHY, 128).apply(image).geometry();
        assertThat(g.flipped()).isTrue();
        assertThat(g.workingWidth()).isLessThan(g.originalWidth());
        Mat map = new Mat(128, 128, CV_32F, new Scalar(0.02));
        org.bytedeco.opencv.global.opencv_imgproc.circle(map, new org.bytedeco.opencv.opencv_core.Point(30, 40), 6, new Scalar(0.9), -1, 8, 0);
        org.bytedeco.opencv.global.opencv_imgproc.circle(map, new org.bytedeco.opencv.opencv_core.Point(44, 40), 5, new Scalar(0.7), -1, 8, 0);
        map.apply(new Rect(80, 90, 3, 2)).put(new Scalar(0.8));
        org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur(map, map, new org.bytedeco.opencv.opencv_core.Size(5, 5), 1.2);
        double[] spacing = {0.07, 0.07};

        LesionFinder.Found fromBoxes = LesionFinder.find(map, g, 0.5f, LesionClass.BENIGN, spacing, null);
        LesionFinder.Found fromWhole;
        try (Mat whole = g.toOriginal(map)) {
            fromWhole = LesionFinder.find(whole, 0.5f, LesionClass.BENIGN, 128, spacing, null);
        }
        assertThat(fromBoxes.lesions()).hasSizeBetween(2, 3).hasSameSizeAs(fromWhole.lesions());
        for (int i = 0; i < fromWhole.lesions().size(); i++) {
            Lesion a = fromBoxes.lesions().get(i), b = fromWhole.lesions().get(i);
            assertThat(a.areaPixels()).isCloseTo(b.areaPixels(), org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(a.x()).isCloseTo(b.x(), org.assertj.core.data.Offset.offset(2));
            assertThat(a.y()).isCloseTo(b.y(), org.assertj.core.data.Offset.offset(2));
            assertThat(a.score()).isCloseTo(b.score(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(fromBoxes.masks().get(i).area()).isEqualTo(a.areaPixels());
        }
    }
}
