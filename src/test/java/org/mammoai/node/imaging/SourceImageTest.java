package org.mammoai.node.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;

/** The typed header: values invalid for their VR are dropped, and projection spacing follows PS3.3 10.7.1.3. */
class SourceImageTest {
    private static final AttributeTag CALIBRATION_TYPE = new AttributeTag(0x0028, 0x0A02);

    @Test
    void invalidPatientAndStudyValuesAreDroppedAndNamed() throws Exception {
        SourceImage image = read(SyntheticDicom.mammogram("L", "CC")
                .with(TagFromName.PatientAge, "732.0m")        // AS is nnnD/W/M/Y
                .with(TagFromName.PatientBirthDate, "20261131") // no 31st of November
                .with(TagFromName.StudyTime, "25:00")           // not a TM
                .with(TagFromName.PatientSex, "female")         // CS, and not M/F/O
                .with(TagFromName.AccessionNumber, "A".repeat(17)) // SH is at most 16
                .with(TagFromName.PatientName, "Doe^Jane"));
        PatientStudy p = image.patientStudy();
        assertThat(p.dropped()).containsExactlyInAnyOrder("PatientAge", "PatientBirthDate", "StudyTime", "PatientSex", "AccessionNumber");
        assertThat(p.patientAge()).as("type 3: absent").isNull();
        assertThat(p.patientBirthDate()).as("type 2: empty").isEmpty();
        assertThat(p.studyTime()).isEmpty();
        assertThat(p.patientSex()).isEmpty();
        assertThat(p.accessionNumber()).isEmpty();
        assertThat(p.patientName()).isEqualTo("Doe^Jane");
        assertThat(p.studyDate()).isEqualTo("20261122");

        PatientStudy valid = read(SyntheticDicom.mammogram("L", "CC").with(TagFromName.PatientAge, "058Y")).patientStudy();
        assertThat(valid.dropped()).isEmpty();
        assertThat(valid.patientAge()).isEqualTo("058Y");
    }

    @Test
    void projectionSpacingComesFromItsCalibrationOrTheImagerCorrectedForMagnification() throws Exception {
        SyntheticDicom base = SyntheticDicom.mammogram("R", "MLO").vendorHeaders(); // Imager Pixel Spacing 0.1, magnification 1.0476

        PixelSpacing corrected = read(base).spacing();
        assertThat(corrected.source()).isEqualTo(PixelSpacing.Source.IMAGER_PIXEL_SPACING_CORRECTED);
        assertThat(corrected.rowMm()).isCloseTo(0.1 / 1.0476, org.assertj.core.data.Offset.offset(1e-12));

        PixelSpacing uncalibrated = read(base.with(TagFromName.PixelSpacing, "0.975\\0.975")).spacing();
        assertThat(uncalibrated.source()).as("Pixel Spacing without a calibration type is not used")
                .isEqualTo(PixelSpacing.Source.IMAGER_PIXEL_SPACING_CORRECTED);

        PixelSpacing calibrated = read(base.with(TagFromName.PixelSpacing, "0.095\\0.096").with(CALIBRATION_TYPE, "GEOMETRY")).spacing();
        assertThat(calibrated.source()).isEqualTo(PixelSpacing.Source.CALIBRATED_PIXEL_SPACING);
        assertThat(calibrated.columnMm()).isEqualTo(0.096);

        assertThat(read(SyntheticDicom.mammogram("L", "CC")).spacing()).as("no spacing at all").isNull();
        assertThat(read(SyntheticDicom.mammogram("L", "CC").with(TagFromName.ImagerPixelSpacing, "70\\70")).spacing())
                .as("implausible").isNull();

        PixelSpacing captured = read(SyntheticDicom.mammogram("L", "CC").sopClass(SyntheticDicom.SECONDARY_CAPTURE, "OT")
                .with(TagFromName.PixelSpacing, "0.2\\0.2")).spacing();
        assertThat(captured.source()).isEqualTo(PixelSpacing.Source.PIXEL_SPACING);
        assertThat(read(SyntheticDicom.ultrasound().ultrasoundRegion(0.01, 0.01)).spacing().source())
                .isEqualTo(PixelSpacing.Source.ULTRASOUND_REGION);
    }

    @Test
    void lateralityViewAndOrientationAreRead() throws Exception {
        SourceImage image = read(SyntheticDicom.mammogram("R", "MLO").vendorHeaders());
        assertThat(image.laterality()).isEqualTo(Laterality.RIGHT);
        assertThat(image.view().position()).isEqualTo("MLO");
        assertThat(image.view().code().value()).isEqualTo("399368009");
        assertThat(image.analysedFrame()).isZero();
        assertThat(read(SyntheticDicom.ultrasound()).laterality()).isEqualTo(Laterality.UNKNOWN);
    }

    private static SourceImage read(SyntheticDicom image) throws Exception {
        Path file = image.write(Files.createTempDirectory("source"));
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return DicomImage.of(list).header();
    }
}
