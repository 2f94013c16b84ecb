package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

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
}
