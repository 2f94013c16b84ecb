package org.mammoai.node.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;

/** Ultrasound sizes in mm come from the region's physical deltas (cm per pixel), not from a guess. */
class UltrasoundRegionsTest {
    @Test
    void spacingInMillimetresFromTheRegionAndNullWithoutOne() throws Exception {
        Path dir = Files.createTempDirectory("us-regions");
        AttributeList withRegion = read(SyntheticDicom.ultrasound().size(200, 240).ultrasoundRegion(0.008, 0.0075).write(dir));
        assertThat(UltrasoundRegions.spacing(withRegion)).containsExactly(new double[] {0.075, 0.08}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(UltrasoundRegions.spacing(read(SyntheticDicom.ultrasound().write(dir)))).isNull();
        // a region claiming a centimetre per pixel is not believed
        assertThat(UltrasoundRegions.spacing(read(SyntheticDicom.ultrasound().ultrasoundRegion(1.5, 1.5).write(dir)))).isNull();
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }
}
