package org.mammoai.node.imaging;

import org.mammoai.node.testing.Pixels;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mammoai.node.dicom.AcceptedSyntaxes;
import org.mammoai.node.testing.DicomFile;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** Pixel decoding for every transfer syntax the node accepts, MONOCHROME1, and VOI windows. */
class DicomPixelsTest {
    Path dir;

    @BeforeEach
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("pixels");
    }

    /** A real vendor file said JPEG Lossless over a JPEG 2000 stream (issue 11): decode by what the stream is. */
    @Test
    void aJpeg2000StreamUnderAJpegLosslessHeaderIsDecodedAsWhatItIs() throws Exception {
        Path honest = SyntheticDicom.mammogram("L", "CC").size(64, 48).phantom().writeJpeg2000(dir, true);
        Path lying = replace(honest, dir.resolve("lying.dcm"), "1.2.840.10008.1.2.4.90".getBytes(), "1.2.840.10008.1.2.4.70".getBytes());

        assertThat(Pixels.values(DicomPixels.decode(lying, 0))).isEqualTo(Pixels.values(DicomPixels.decode(honest, 0)));
    }

    @Test
    void aStreamThatIsNeitherJpegNorJpeg2000IsSaidPlainly() throws Exception {
        Path honest = SyntheticDicom.mammogram("L", "CC").size(64, 48).phantom().writeJpeg2000(dir, true);
        Path relabelled = replace(honest, dir.resolve("relabelled.dcm"), "1.2.840.10008.1.2.4.90".getBytes(), "1.2.840.10008.1.2.4.70".getBytes());
        Path garbage = replace(relabelled, dir.resolve("garbage.dcm"), new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}, new byte[] {0x12, 0x34, 0x56, 0x78});

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DicomPixels.decode(garbage, 0))
                .hasMessageContaining("declared JPEG lossless").hasMessageContaining("12 34 56 78")
                .hasMessageContaining("neither a JPEG nor a JPEG 2000 stream");
    }

    /** A copy of the file with the first occurrence of one byte string replaced by another of the same length. */
    private static Path replace(Path from, Path to, byte[] find, byte[] with) throws Exception {
        byte[] b = Files.readAllBytes(from);
        for (int i = 0; i + find.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + find.length, find, 0, find.length)) {
                System.arraycopy(with, 0, b, i, with.length);
                return Files.write(to, b);
            }
        }
        throw new AssertionError("not found in " + from);
    }

    @Test
    void sixteenBitValuesAreMappedLinearlyFromMinToMax() throws Exception {
        Path file = SyntheticDicom.mammogram("L", "CC").size(40, 30).write(dir);
        int[] raw = raw16(file);
        int min = java.util.Arrays.stream(raw).min().orElseThrow(), max = java.util.Arrays.stream(raw).max().orElseThrow();
        int[] decoded = Pixels.values(DicomPixels.decode(file, 0));
        for (int i = 0; i < raw.length; i++) {
            assertThat(decoded[i]).isCloseTo((int) Math.round((raw[i] - min) * 65535.0 / (max - min)), org.assertj.core.data.Offset.offset(1));
        }
    }

    @Test
    void monochrome1IsInverted() throws Exception {
        SyntheticDicom base = SyntheticDicom.mammogram("L", "CC").size(40, 30).seed(3);
        int[] m2 = Pixels.values(DicomPixels.decode(base.write(dir), 0));
        Path m1File = SyntheticDicom.mammogram("L", "CC").size(40, 30).seed(3).photometric("MONOCHROME1").write(dir);
        int[] m1 = Pixels.values(DicomPixels.decode(m1File, 0));
        for (int i = 0; i < m2.length; i++) assertThat(m1[i] + m2[i]).isBetween(65534, 65536);
    }

    @Test
    void voiWindowIsApplied() throws Exception {
        Path file = SyntheticDicom.mammogram("L", "CC").size(40, 30).window(800, 200).write(dir);
        int[] raw = raw16(file);
        int[] decoded = Pixels.values(DicomPixels.decode(file, 0));
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] <= 699) assertThat(decoded[i]).isZero();
            if (raw[i] >= 900) assertThat(decoded[i]).isEqualTo(65535);
        }
        assertThat(java.util.Arrays.stream(decoded).filter(v -> v > 0 && v < 65535).count()).isPositive();
    }

    static List<List<String>> losslessEncoders() {
        return List.of(List.of("dcmcjpeg", "+e1"), List.of("dcmcjpeg", "+el"), List.of("dcmcrle"),
                List.of("dcmconv", "+ti"), List.of("dcmconv", "+td"));
    }

    @ParameterizedTest
    @MethodSource("losslessEncoders")
    void acceptedLosslessSyntaxesDecodeToTheSamePixels(List<String> encoder) throws Exception {
        Path original = SyntheticDicom.mammogram("R", "MLO").size(64, 48).write(dir);
        Path encoded = dir.resolve("encoded.dcm");
        List<String> cmd = new java.util.ArrayList<>(encoder);
        cmd.addAll(List.of(original.toString(), encoded.toString()));
        Tool t = Tool.run(cmd.toArray(String[]::new));
        assertThat(t.ok()).as(t.toString()).isTrue();
        assertThat(AcceptedSyntaxes.TRANSFER_SYNTAXES).as("the node accepts this syntax").contains(DicomFile.transferSyntax(encoded));
        assertThat(Pixels.values(DicomPixels.decode(encoded, 0))).isEqualTo(Pixels.values(DicomPixels.decode(original, 0)));
    }

    @Test
    void eightBitJpegBaselineUltrasoundDecodesClosely() throws Exception {
        Path original = SyntheticDicom.ultrasound().size(64, 48).write(dir);
        Path jpeg = dir.resolve("baseline.dcm");
        assertThat(Tool.run("dcmcjpeg", "+eb", original.toString(), jpeg.toString()).ok()).isTrue();
        assertThat(DicomFile.transferSyntax(jpeg)).isEqualTo("1.2.840.10008.1.2.4.50");
        int[] a = Pixels.values(DicomPixels.decode(original, 0)), b = Pixels.values(DicomPixels.decode(jpeg, 0));
        assertThat(Pixels.correlation(a, b)).as("lossy, but the same picture").isGreaterThan(0.95);
    }

    @Test
    void jpeg2000MammogramDecodesLosslessToTheSamePixelsAndLossyClosely() throws Exception {
        SyntheticDicom mammogram = SyntheticDicom.mammogram("L", "MLO").size(700, 520).phantom().vendorHeaders();
        int[] plain = Pixels.values(DicomPixels.decode(mammogram.write(dir), 0));
        int[] lossless = Pixels.values(DicomPixels.decode(mammogram.writeJpeg2000(dir, true), 0));
        assertThat(lossless).isEqualTo(plain);
        Mat lossy = DicomPixels.decode(mammogram.writeJpeg2000(dir, false), 0);
        assertThat(lossy.rows()).isEqualTo(700);
        assertThat(lossy.cols()).isEqualTo(520);
        assertThat(Pixels.correlation(Pixels.values(lossy), plain)).as("lossy, but the same picture").isGreaterThan(0.95);
    }

    @Test
    void missingFrameIsAClearError() throws Exception {
        Path file = SyntheticDicom.mammogram("L", "CC").write(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DicomPixels.decode(file, 3)).hasMessageContaining("has 1 frame(s), not frame 3");
    }

    private static int[] raw16(Path file) throws Exception {
        byte[] bytes = DicomFile.pixelData(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[bytes.length / 2];
        for (int i = 0; i < out.length; i++) out[i] = b.getShort() & 0xffff;
        return out;
    }
}
