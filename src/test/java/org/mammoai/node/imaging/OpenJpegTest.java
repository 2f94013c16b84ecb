package org.mammoai.node.imaging;

import org.mammoai.node.testing.Pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;

/** The OpenJPEG binding (native/openjpeg, built by setup.sh): same pixels as the pure-Java codec, untrusted streams refused. */
class OpenJpegTest {
    static Path dir;
    static Path j2k;

    @BeforeAll
    static void fixture() throws Exception {
        dir = Files.createTempDirectory("openjpeg");
        j2k = SyntheticDicom.mammogram("R", "CC").size(600, 451).phantom().vendorHeaders().photometric("MONOCHROME1").writeJpeg2000(dir, true);
    }

    @Test
    void theBindingIsBuiltAndLoaded() {
        assertThat(OpenJpeg.available()).as("native/setup.sh builds native/lib/libmammo_openjpeg.so: %s", OpenJpeg.unavailableReason()).isTrue();
    }

    @Test
    void losslessFramesDecodeToExactlyWhatThePureJavaCodecGives() throws Exception {
        AttributeList compressed = Pixels.compressed(j2k);
        assertThat(DicomPixels.decodedHere(compressed)).isEqualTo(CodeStream.JPEG_2000);
        AttributeList decompressedByPixelMed = new AttributeList();
        decompressedByPixelMed.read(j2k.toFile());
        assertThat(DicomPixels.decodedHere(decompressedByPixelMed)).isNull();

        int[] nativeValues = Pixels.values(DicomPixels.decode(compressed, 0, "native"));
        int[] javaValues = Pixels.values(DicomPixels.decode(decompressedByPixelMed, 0, "java"));
        assertThat(nativeValues).isEqualTo(javaValues);
        assertThat(java.util.Arrays.stream(nativeValues).distinct().count()).as("a real picture, not a constant").isGreaterThan(100);
    }

    @Test
    void aLowerResolutionLevelIsDecodedWhenTheCallerNeedsNoMore() throws Exception {
        AttributeList compressed = Pixels.compressed(j2k);
        assertThat(CodeStream.decompositionLevels(Pixels.firstFrame(compressed))).as("jai-imageio's default: 5 wavelet levels").isEqualTo(5);
        Mat full = DicomPixels.decode(compressed, 0, "full"), half = DicomPixels.decode(compressed, 0, "half", 300);
        assertThat(half.rows()).isEqualTo(300); // 600 rows: one level skipped
        assertThat(half.cols()).isEqualTo(226); // 451 columns, rounded up as JPEG 2000 does
        Mat quarter = DicomPixels.decode(compressed, 0, "quarter", 150);
        assertThat(quarter.rows()).isEqualTo(150);
        Mat averaged = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(full, averaged, new org.bytedeco.opencv.opencv_core.Size(226, 300), 0, 0,
                org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
        assertThat(Pixels.correlation(Pixels.values(half), Pixels.values(averaged))).as("the wavelet's low-pass image is the picture at half size").isGreaterThan(0.98);
        assertThat(DicomPixels.decode(compressed, 0, "more than there is", 5000).rows()).isEqualTo(600);
    }

    @Test
    void aStreamLargerThanItsHeaderIsRefusedBeforeDecoding() throws Exception {
        AttributeList list = Pixels.compressed(j2k);
        UnsignedShortAttribute rows = new UnsignedShortAttribute(TagFromName.Rows);
        rows.addValue(300); // the stream says 600: the frame buffer is sized from the header, so the stream must agree
        list.put(rows);
        assertThatThrownBy(() -> DicomPixels.decode(list, 0, "small.dcm")).isInstanceOf(DicomException.class)
                .hasMessageContaining("small.dcm").hasMessageContaining("451x600").hasMessageContaining("451x300");
    }

    @Test
    void damagedStreamsGiveErrorsNotCrashes() throws Exception {
        byte[] frame = Pixels.firstFrame(Pixels.compressed(j2k));
        Random random = new Random(20261124);
        int failures = 0;
        for (int i = 0; i < 60; i++) { // a crash here would end the test JVM: the binding must survive what peers send
            byte[] damaged = frame.clone();
            if (i % 3 == 0) damaged = java.util.Arrays.copyOf(damaged, 4 + random.nextInt(damaged.length / 2));
            for (int k = 0; k < 1 + random.nextInt(20); k++) damaged[4 + random.nextInt(damaged.length - 4)] = (byte) random.nextInt(256);
            AttributeList list = Pixels.compressed(j2k);
            list.put(withFrame(damaged));
            try (Mat decoded = DicomPixels.decode(list, 0, "damaged.dcm")) {
                assertThat(decoded.rows()).isEqualTo(600); // OpenJPEG may decode what it can of a damaged stream
            } catch (DicomException e) {
                assertThat(e.getMessage()).startsWith("damaged.dcm: ").contains("JPEG 2000");
                failures++;
            }
        }
        assertThat(failures).as("most damaged streams are reported").isPositive();
    }

    private static OtherByteAttributeMultipleCompressedFrames withFrame(byte[] frame) {
        return new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, new byte[][] {frame});
    }
}
