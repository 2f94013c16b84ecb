package org.mammoai.node.imaging;

import org.mammoai.node.testing.Pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    static final int W = 300, H = 400;

    /** A right breast: half-ellipse against the right edge, a film label in the top-left corner. */
    static Mat rightMammogram() {
        Mat m = new Mat(H, W, CV_8U, new Scalar(0.0));
        ellipse(m, new Point(W - 1, H / 2), new Size(180, 170), 0, 90, 270, new Scalar(120.0), -1, 8, 0);
        circle(m, new Point(W - 100, H / 2), 25, new Scalar(220.0), -1, 8, 0); // a dense lesion
        rectangle(m, new Point(10, 10), new Point(60, 30), new Scalar(255.0), -1, 8, 0); // label
        return m;
    }

    static Mat lesionMask() {
        Mat m = new Mat(H, W, CV_8U, new Scalar(0.0));
        circle(m, new Point(W - 100, H / 2), 25, new Scalar(255.0), -1, 8, 0);
        return m;
    }

    @Test
    void mammogramIsCroppedToTheBreastFlippedAndTheLabelRemoved() {
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 128);
        Preprocessor.Result r = p.apply(rightMammogram());
        Geometry g = r.geometry();
        assertThat(g.flipped()).as("chest wall on the right is flipped to the left").isTrue();
        assertThat(g.cropX()).isBetween(W - 185, W - 175);
        assertThat(g.cropWidth()).isBetween(175, 185);
        assertThat(g.cropY()).isGreaterThan(25).as("the label is outside the crop");
        assertThat(r.pixels()).hasSize(128 * 128);
        for (float v : r.pixels()) assertThat(v).isBetween(0f, 1f);
        // after the flip the chest wall (left) column is tissue, the far right of the padded square is empty
        assertThat(r.pixels()[64 * 128 + 1]).isGreaterThan(0.2f);
        assertThat(r.pixels()[64 * 128 + 127]).isLessThan(0.05f);
    }

    @Test
    void labelOutsideTheBreastIsBlackedOutEvenInsideTheCrop() {
        Mat m = rightMammogram();
        rectangle(m, new Point(W - 20, 5), new Point(W - 5, 12), new Scalar(255.0), -1, 8, 0); // marker near the breast
        Preprocessor.Result r = new Preprocessor(Modality.MAMMOGRAPHY, 128).apply(m);
        assertThat(r.geometry().cropY()).isGreaterThan(12);
    }

    @Test
    void lesionMaskSurvivesTheRoundTripToModelAndBack() {
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 128);
        Geometry g = p.apply(rightMammogram()).geometry();
        float[] modelMask = p.maskToModel(lesionMask(), g);
        double lesionPixels = 0;
        for (float v : modelMask) lesionPixels += v;
        assertThat(lesionPixels).isGreaterThan(100);

        Mat modelMap = new Mat(128, 128, CV_32F);
        FloatIndexer in = modelMap.createIndexer();
        for (int i = 0; i < modelMask.length; i++) in.put(i / 128, i % 128, modelMask[i]);
        Mat back = g.toOriginal(modelMap);
        assertThat(back.cols()).isEqualTo(W);
        assertThat(back.rows()).isEqualTo(H);

        UByteIndexer truth = lesionMask().createIndexer();
        FloatIndexer got = back.createIndexer();
        long both = 0, either = 0;
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                boolean t = truth.get(r, c) > 0, p2 = got.get(r, c) > 0.5f;
                if (t && p2) both++;
                if (t || p2) either++;
            }
        }
        assertThat((double) both / either).as("IoU after the round trip").isGreaterThan(0.85);
    }

    @Test
    void ultrasoundIsCroppedInsideItsDarkBorderAndNotFlipped() {
        Mat m = new Mat(200, 260, CV_8U, new Scalar(0.0));
        rectangle(m, new Point(30, 20), new Point(229, 179), new Scalar(90.0), -1, 8, 0);
        circle(m, new Point(200, 100), 20, new Scalar(200.0), -1, 8, 0);
        Preprocessor.Result r = new Preprocessor(Modality.ULTRASOUND, 64).apply(m);
        assertThat(r.geometry().flipped()).isFalse();
        assertThat(r.geometry().cropX()).isEqualTo(30);
        assertThat(r.geometry().cropY()).isEqualTo(20);
        assertThat(r.geometry().cropWidth()).isEqualTo(200);
        assertThat(r.geometry().cropHeight()).isEqualTo(160);
    }

    @Test
    void sixteenBitInputIsNormalisedLikeEightBit() {
        Mat m8 = rightMammogram();
        Mat m16 = new Mat();
        m8.convertTo(m16, org.bytedeco.opencv.global.opencv_core.CV_16U, 16, 0);
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 64);
        assertThat(p.apply(m16).pixels()).containsExactly(p.apply(m8).pixels(), org.assertj.core.data.Offset.offset(0.02f));
    }

    @Test
    void aLargeImageIsWorkedOnReducedAndGivesTheModelTheSamePicture() {
        Mat small = rightMammogram();
        Mat large = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(small, large, new Size(W * 10, H * 10), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 128);
        Preprocessor.Result fromLarge = p.apply(large), fromSmall = p.apply(small);

        Geometry g = fromLarge.geometry();
        assertThat(g.originalWidth()).isEqualTo(W * 10);
        assertThat(Math.max(g.workingWidth(), g.workingHeight())).isEqualTo(Preprocessor.WORKING_SIDE);
        assertThat(g.flipped()).isTrue();
        org.bytedeco.opencv.opencv_core.Rect crop = g.originalCrop();
        assertThat(crop.x()).as("the crop on the original grid").isCloseTo(fromSmall.geometry().cropX() * 10, org.assertj.core.data.Offset.offset(12));
        assertThat(Pixels.correlation(fromLarge.pixels(), fromSmall.pixels())).as("the model sees the same picture").isGreaterThan(0.97);
    }

    /** A JPEG 2000 frame decoded at half resolution describes the same original image as the full decode. */
    @Test
    void aReducedDecodeOfALargeImageGivesTheGeometryOfTheOriginal() {
        Mat full = new Mat(), half = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(rightMammogram(), full, new Size(W * 12, H * 12), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
        org.bytedeco.opencv.global.opencv_imgproc.resize(full, half, new Size(W * 6, H * 6), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 128);
        Preprocessor.Result fromFull = p.apply(full), fromHalf = p.apply(half, W * 12, H * 12);
        Geometry a = fromFull.geometry(), b = fromHalf.geometry();
        assertThat(b.originalWidth()).isEqualTo(W * 12);
        assertThat(b.workingWidth()).isEqualTo(a.workingWidth());
        assertThat(b.flipped()).isEqualTo(a.flipped());
        assertThat(b.originalCrop().x()).isCloseTo(a.originalCrop().x(), org.assertj.core.data.Offset.offset(12));
        assertThat(b.originalCrop().width()).isCloseTo(a.originalCrop().width(), org.assertj.core.data.Offset.offset(12));
        assertThat(Pixels.correlation(fromHalf.pixels(), fromFull.pixels())).isGreaterThan(0.99);
    }

    @Test
    void lesionMaskSurvivesTheRoundTripOnAReducedGrid() {
        Mat large = new Mat(), largeMask = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(rightMammogram(), large, new Size(W * 9, H * 9), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
        org.bytedeco.opencv.global.opencv_imgproc.resize(lesionMask(), largeMask, new Size(W * 9, H * 9), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
        Preprocessor p = new Preprocessor(Modality.MAMMOGRAPHY, 128);
        Geometry g = p.apply(large).geometry();
        assertThat(g.workingWidth()).isLessThan(g.originalWidth());
        float[] modelMask = p.maskToModel(largeMask, g);
        Mat modelMap = new Mat(128, 128, CV_32F);
        new org.bytedeco.javacpp.FloatPointer(modelMap.data()).put(modelMask);

        Mat back = g.toOriginal(modelMap);
        assertThat(back.cols()).isEqualTo(W * 9);
        assertThat(back.rows()).isEqualTo(H * 9);
        assertThat(iou(largeMask, back)).as("IoU after the round trip through a reduced grid").isGreaterThan(0.85);
    }

    @Test
    void aBoxOfTheMapComesBackAsTheSameValuesTheWholeMapHasThere() {
        for (boolean flippedImage : new boolean[] {true, false}) {
            Mat image = rightMammogram();
            if (!flippedImage) org.bytedeco.opencv.global.opencv_core.flip(image, image, 1);
            Mat large = new Mat();
            org.bytedeco.opencv.global.opencv_imgproc.resize(image, large, new Size(W * 8, H * 8), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
            Geometry g = new Preprocessor(Modality.MAMMOGRAPHY, 64).apply(large).geometry();
            assertThat(g.flipped()).isEqualTo(flippedImage);
            Mat modelMap = new Mat(64, 64, CV_32F);
            org.bytedeco.opencv.global.opencv_core.randu(modelMap, new Mat(1, 1, CV_32F, new Scalar(0.0)), new Mat(1, 1, CV_32F, new Scalar(1.0)));
            Mat whole = g.toOriginal(modelMap);
            org.bytedeco.opencv.opencv_core.Rect box = g.originalBox(20, 30, 6, 5);
            assertThat(box.width()).as("6 model pixels and a margin, at %.1f original pixels each", g.originalCrop().height() / 64.0)
                    .isGreaterThan(6 * g.originalCrop().height() / 64);
            Mat part = g.toOriginal(modelMap, box);
            FloatIndexer a = whole.createIndexer(), b = part.createIndexer();
            for (int r = 0; r < box.height(); r++) {
                for (int c = 0; c < box.width(); c++) {
                    assertThat(b.get(r, c)).isCloseTo(a.get(box.y() + r, box.x() + c), org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    private static double iou(Mat truthMask, Mat map) {
        UByteIndexer truth = truthMask.createIndexer();
        FloatIndexer got = map.createIndexer();
        long both = 0, either = 0;
        for (int r = 0; r < truthMask.rows(); r++) {
            for (int c = 0; c < truthMask.cols(); c++) {
                boolean t = truth.get(r, c) > 0, p = got.get(r, c) > 0.5f;
                if (t && p) both++;
                if (t || p) either++;
            }
        }
        return (double) both / either;
    }
}
