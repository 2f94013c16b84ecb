package org.mammoai.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.testing.SyntheticDicom;

/** Standard mammogram views and ultrasound are analysed; scouts, specimens and raw images are skipped with a reason. */
class ImageSuitabilityTest {
    @Test
    void standardViewsAndUltrasoundAreSuitable() throws Exception {
        for (String view : new String[] {"CC", "MLO", "ML", "LM", "XCCL"}) {
            assertThat(ImageSuitability.unsuitable(header(read(SyntheticDicom.mammogram("L", view).vendorHeaders())), Modality.MAMMOGRAPHY))
                    .as(view).isEmpty();
        }
        assertThat(ImageSuitability.unsuitable(header(read(SyntheticDicom.ultrasound())), Modality.ULTRASOUND)).isEmpty();
    }

    @Test
    void scoutsSpecimensOddViewsAndRawImagesAreNot() throws Exception {
        AttributeList scout = read(SyntheticDicom.mammogram("R", "CC"));
        CodeStringAttribute type = new CodeStringAttribute(TagFromName.ImageType);
        type.addValue("ORIGINAL");
        type.addValue("PRIMARY");
        type.addValue("LOCALIZER");
        scout.put(type);
        assertThat(ImageSuitability.unsuitable(header(scout), Modality.MAMMOGRAPHY)).hasValueSatisfying(r -> assertThat(r).contains("localizer"));

        AttributeList specimen = read(SyntheticDicom.mammogram("R", "SPECIMEN"));
        assertThat(ImageSuitability.unsuitable(header(specimen), Modality.MAMMOGRAPHY)).hasValueSatisfying(r -> assertThat(r).contains("SPECIMEN"));

        AttributeList described = read(SyntheticDicom.mammogram("L", "CC"));
        com.pixelmed.dicom.LongStringAttribute series = new com.pixelmed.dicom.LongStringAttribute(TagFromName.SeriesDescription);
        series.addValue("Stereotactic Scout");
        described.put(series);
        assertThat(ImageSuitability.unsuitable(header(described), Modality.MAMMOGRAPHY)).hasValueSatisfying(r -> assertThat(r).contains("scout"));

        AttributeList raw = read(SyntheticDicom.mammogram("L", "MLO").vendorHeaders().sopClass(SyntheticDicom.MG_FOR_PROCESSING, "MG"));
        assertThat(ImageSuitability.unsuitable(header(raw), Modality.MAMMOGRAPHY)).hasValueSatisfying(r -> assertThat(r).contains("For Processing"));
    }

    private static AttributeList read(SyntheticDicom image) throws Exception {
        Path dir = Files.createTempDirectory("suitability");
        AttributeList list = new AttributeList();
        list.read(image.write(dir).toFile());
        return list;
    }

    private static org.mammoai.node.imaging.SourceImage header(AttributeList list) {
        return org.mammoai.node.imaging.DicomImage.of(list).header();
    }
}
