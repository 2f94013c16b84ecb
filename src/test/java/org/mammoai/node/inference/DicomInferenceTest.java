package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.mammoai.node.imaging.DicomPixels;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.testing.SyntheticDicom;

/** A JPEG 2000 mammogram (a phantom with a mass) through decode, the shared preprocessing and the bundled mammography model. */
class DicomInferenceTest {
    static final Path MODEL = Path.of("models", "mias-mammography");

    @Test
    void jpeg2000MammogramGivesClassProbabilitiesAndAMaskOnTheOriginalGrid() throws Exception {
        ModelInfo info = ModelInfo.read(MODEL);
        assertThat(info.modality()).isEqualTo(Modality.MAMMOGRAPHY);
        Path dir = Files.createTempDirectory("dicom-inference");
        Path j2k = SyntheticDicom.mammogram("L", "MLO").size(1400, 1100).phantom().vendorHeaders().writeJpeg2000(dir, true);
        Mat pixels = DicomPixels.decode(j2k, 0);
        Preprocessor.Result input = new Preprocessor(info.modality(), info.inputSize()).apply(pixels);
        try (LesionModel model = LesionModel.load(MODEL.resolve("saved_model"))) {
            Prediction p = model.predict(new Batch(input.pixels(), 1, info.inputSize()));
            float[] classes = p.classes(0);
            assertThat(classes[0] + classes[1] + classes[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            Mat map = new Mat(info.inputSize(), info.inputSize(), CV_32F);
            new FloatPointer(map.data()).put(p.mask(0));
            Mat onOriginal = input.geometry().toOriginal(map);
            assertThat(onOriginal.rows()).isEqualTo(pixels.rows());
            assertThat(onOriginal.cols()).isEqualTo(pixels.cols());
        }
    }
}
