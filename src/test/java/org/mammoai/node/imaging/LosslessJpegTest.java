package org.mammoai.node.imaging;

import org.mammoai.node.testing.Pixels;
import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** Our JPEG lossless decoder against dcmtk's on dcmtk's encodings: every predictor, point transforms, damage. */
class LosslessJpegTest {
    static Path dir, original;

    @BeforeAll
    static void fixture() throws Exception {
        dir = Files.createTempDirectory("lossless");
        original = SyntheticDicom.mammogram("L", "MLO").size(301, 257).phantom().vendorHeaders().write(dir);
    }

    static List<List<String>> encodings() {
        List<List<String>> all = new java.util.ArrayList<>();
        for (int sv = 1; sv <= 7; sv++) all.add(List.of("+el", "+sv", Integer.toString(sv), "+pt", "0"));
        all.add(List.of("+el", "+sv", "1", "+pt", "2"));
        all.add(List.of("+el", "+sv", "7", "+pt", "3"));
        return all;
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void decodesExactlyWhatDcmtkDecodes(List<String> options) throws Exception {
        Path encoded = encode(options);
        AttributeList compressed = Pixels.compressed(encoded);
        assertThat(DicomPixels.decodedHere(compressed)).isEqualTo(CodeStream.JPEG_LOSSLESS);
        // dcmtk is the reference (PixelMed leaves out the point transform's shift, T.81 H.1.2.1)
        Path byDcmtk = dir.resolve("dcmtk-" + encoded.getFileName());
        assertThat(Tool.run("dcmdjpeg", encoded.toString(), byDcmtk.toString()).ok()).isTrue();
        AttributeList reference = new AttributeList();
        reference.read(byDcmtk.toFile());
        assertThat(Pixels.values(DicomPixels.decode(compressed, 0, "ours"))).isEqualTo(Pixels.values(DicomPixels.decode(reference, 0, "dcmtk")));
        if (options.contains("+pt")) return;
        AttributeList plain = new AttributeList();
        plain.read(original.toFile());
        assertThat(Pixels.values(DicomPixels.decode(compressed, 0, "ours"))).as("lossless: the original's pixels")
                .isEqualTo(Pixels.values(DicomPixels.decode(plain, 0, "original")));
    }

    @Test
    void damagedStreamsAreClearErrorsAndSizesComeFromTheHeader() throws Exception {
        byte[] frame = Pixels.firstFrame(Pixels.compressed(encode(List.of("+e1"))));
        Random random = new Random(7);
        int errors = 0;
        for (int i = 0; i < 80; i++) {
            byte[] damaged = frame.clone();
            if (i % 2 == 0) damaged = java.util.Arrays.copyOf(damaged, 2 + random.nextInt(damaged.length - 2));
            for (int k = 0; k < 1 + random.nextInt(10); k++) damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
            short[] out = new short[301 * 257];
            try {
                LosslessJpeg.decode(damaged, 257, 301, out); // decoded (garbage), handed back, or refused: never anything else
            } catch (java.io.IOException e) {
                assertThat(e.getMessage()).startsWith("JPEG lossless");
                errors++;
            }
        }
        assertThat(errors).isPositive();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> LosslessJpeg.decode(frame, 257, 300, new short[257 * 300])))
                .hasMessageContaining("257x301, the header says 257x300");
    }

    private static Path encode(List<String> options) throws Exception {
        Path encoded = dir.resolve(String.join("", options).replace("+", "") + ".dcm");
        List<String> cmd = new java.util.ArrayList<>(List.of("dcmcjpeg"));
        cmd.addAll(options);
        cmd.addAll(List.of(original.toString(), encoded.toString()));
        Tool t = Tool.run(cmd.toArray(String[]::new));
        assertThat(t.ok()).as(t.toString()).isTrue();
        return encoded;
    }
}
