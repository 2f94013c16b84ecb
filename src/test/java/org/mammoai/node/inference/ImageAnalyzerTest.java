package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import org.mammoai.node.imaging.DicomImage;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.testing.SyntheticDicom;

/** The bundled mammography model through the whole analysis: the phantom's mass found where it is, on either side. */
class ImageAnalyzerTest {
    static final ModelRegistry MODELS = new ModelRegistry(Path.of("models"), false);
    static final ImageAnalyzer ANALYZER = new ImageAnalyzer(MODELS);

    @AfterAll
    static void close() {
        MODELS.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"L", "R"})
    void findsThePhantomMassAtItsPlaceOnTheOriginalImage(String laterality) throws Exception {
        int rows = 640, columns = 500;
        AttributeList image = read(SyntheticDicom.mammogram(laterality, "CC").size(rows, columns).phantom()
                .write(Files.createTempDirectory("analyzer")));

        ImageAnalyzer.Analysis analysis = ANALYZER.analyze(DicomImage.of(image), Modality.MAMMOGRAPHY);

        double massX = laterality.equals("L") ? columns * 0.35 : columns - 1 - columns * 0.35, massY = rows / 2.0;
        double massRadius = Math.min(rows, columns) / 10.0;
        assertThat(analysis.findings().lesions()).hasSize(1);
        Lesion lesion = analysis.findings().lesions().get(0);
        assertThat(Math.hypot(lesion.centroidX() - massX, lesion.centroidY() - massY)).isLessThan(massRadius / 2);
        assertThat((double) lesion.areaPixels()).isBetween(0.5 * Math.PI * massRadius * massRadius, 2.0 * Math.PI * massRadius * massRadius);
        assertThat(lesion.lesionClass()).isIn(LesionClass.BENIGN, LesionClass.MALIGNANT);
        assertThat(lesion.score()).isBetween(0.5, 1.0);
        assertThat(analysis.masks()).hasSize(1);
        assertThat(analysis.masks().get(0).area()).as("the mask holds the lesion's pixels").isEqualTo(lesion.areaPixels());
        assertThat(analysis.masks().get(0).contains((int) lesion.centroidX(), (int) lesion.centroidY())).isTrue();
        assertThat(analysis.display().width()).isEqualTo(columns); // under the display size: not shrunk
        assertThat(analysis.display().height()).isEqualTo(rows);
    }

    @Test
    void pixelDataShorterThanTheHeaderSaysIsAClearError() throws Exception {
        AttributeList image = read(SyntheticDicom.mammogram("L", "CC").size(256, 200).write(Files.createTempDirectory("analyzer")));
        OtherWordAttribute truncated = new OtherWordAttribute(TagFromName.PixelData);
        truncated.setValues(new short[100]);
        image.put(truncated);

        assertThatThrownBy(() -> ANALYZER.analyze(DicomImage.of(image), Modality.MAMMOGRAPHY))
                .isInstanceOf(UnusableImageException.class).hasMessageContaining("pixel data cannot be decoded");
    }

    @Test
    void aMissingModelIsSaidPlainly() throws Exception {
        ModelRegistry none = new ModelRegistry(java.nio.file.Files.createTempDirectory("no-models"), false);
        ImageAnalyzer analyzer = new ImageAnalyzer(none);
        assertThat(analyzer.hasModel(Modality.ULTRASOUND)).isFalse();
        assertThatThrownBy(() -> analyzer.analyze(DicomImage.of(new AttributeList()), Modality.ULTRASOUND))
                .isInstanceOf(UnusableImageException.class).hasMessageContaining("no ultrasound model");
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }
}
