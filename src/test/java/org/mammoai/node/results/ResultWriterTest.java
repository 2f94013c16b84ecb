package org.mammoai.node.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.mammoai.node.dicom.NodeConfig;
import org.mammoai.node.imaging.DicomPixels;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionFinder;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** SEG, CAD SR and TID 1500 SR for a mammogram with known lesions: valid by dciodvfy, and saying what the lesions are. */
class ResultWriterTest {
    static final NodeConfig CONFIG = new NodeConfig(new NodeConfig.LocalAe("MAMMO_TEST", "127.0.0.1", 11199, 4, 30, 65536),
            Set.of(), List.of());

    @Test
    void imageWithABenignAndAMalignantLesionGetsTwoSegmentsAndAFindingPerLesion() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom mammogram = SyntheticDicom.mammogram("L", "CC").size(300, 200);
        Path sourceFile = mammogram.write(dir);
        Mat probabilities = new Mat(300, 200, CV_32F, new Scalar(0.05));
        circle(probabilities, new Point(60, 80), 20, new Scalar(0.9), -1, 8, 0);
        circle(probabilities, new Point(140, 220), 12, new Scalar(0.7), -1, 8, 0);
        LesionFinder.Found found = LesionFinder.find(probabilities, 0.5f, LesionClass.BENIGN, 256, null);
        assertThat(found.lesions()).hasSize(2);
        List<Lesion> lesions = new ArrayList<>(found.lesions());
        Lesion second = lesions.get(1);
        lesions.set(1, new Lesion(second.number(), LesionClass.MALIGNANT, second.score(), second.areaPixels(), null, second.x(),
                second.y(), second.width(), second.height(), second.centroidX(), second.centroidY(), second.outline()));
        ImageFindings findings = new ImageFindings("test-model", "0123456789ab", LesionClass.MALIGNANT, new float[] {0.2f, 0.3f, 0.5f}, lesions, null);

        List<ResultFile> files = write(dir, sourceFile, findings, found.labels());

        assertThat(files).extracting(ResultFile::type).containsExactly(ResultType.SEG, ResultType.CAD_SR, ResultType.TID1500_SR);
        files.forEach(f -> assertValid(f.path()));
        AttributeList seg = read(files.get(0).path());
        assertThat(text(seg, TagFromName.StudyInstanceUID)).isEqualTo(mammogram.studyUid());
        assertThat(text(seg, TagFromName.SeriesInstanceUID)).isNotEqualTo(mammogram.seriesUid());
        assertThat(text(seg, TagFromName.NumberOfFrames)).isEqualTo("2");
        byte[] bits = seg.get(TagFromName.PixelData).getByteValues();
        assertThat(countBits(bits, 0, 300 * 200)).isEqualTo(lesions.get(0).areaPixels());
        assertThat(countBits(bits, 300 * 200, 300 * 200)).isEqualTo(lesions.get(1).areaPixels());
        assertThat(bitAt(bits, 80 * 200 + 60)).isTrue();   // centre of the first lesion, frame 1
        assertThat(bitAt(bits, 300 * 200 + 220 * 200 + 140)).isTrue(); // centre of the second, frame 2

        String cad = Tool.run("dcmdump", files.get(1).path().toString()).output();
        assertThat(cad).contains("Mammography CAD Report").contains("All algorithms succeeded; with findings");
        assertThat(count(Tool.run("dcmdump", files.get(1).path().toString()).output(), "Single Image Finding")).isEqualTo(2);
        String tid1500 = Tool.run("dcmdump", files.get(2).path().toString()).output();
        assertThat(count(tid1500, "Measurement Group")).isEqualTo(2);
        assertThat(tid1500).contains(files.get(0).sopInstanceUid()).contains("Neoplasm, benign").contains("Malignant neoplasm");
        assertThat(Files.size(dir.resolve("out").resolve(mammogram.studyUid()).resolve(mammogram.sopInstanceUid()).resolve(ResultWriter.OVERLAY)))
                .isPositive();
    }

    @Test
    void imageWithoutLesionsGetsReportsSayingSoAndNoSegmentation() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom mammogram = SyntheticDicom.mammogram("R", "MLO").size(120, 100);
        Path sourceFile = mammogram.write(dir);
        Mat nothing = new Mat(120, 100, CV_32F, new Scalar(0.1));
        LesionFinder.Found found = LesionFinder.find(nothing, 0.5f, LesionClass.BENIGN, 256, null);
        ImageFindings findings = new ImageFindings("test-model", "0123456789ab", LesionClass.NORMAL, new float[] {0.8f, 0.1f, 0.1f}, found.lesions(), null);

        List<ResultFile> files = write(dir, sourceFile, findings, found.labels());

        assertThat(files).extracting(ResultFile::type).containsExactly(ResultType.CAD_SR, ResultType.TID1500_SR);
        files.forEach(f -> assertValid(f.path()));
        assertThat(Tool.run("dcmdump", files.get(0).path().toString()).output()).contains("All algorithms succeeded; without findings")
                .doesNotContain("Single Image Finding");
        assertThat(text(read(files.get(1).path()), TagFromName.SOPClassUID)).isEqualTo(SOPClass.ComprehensiveSRStorage);
    }

    private static List<ResultFile> write(Path dir, Path sourceFile, ImageFindings findings, Mat labels) throws Exception {
        AttributeList source = read(sourceFile);
        ResultWriter writer = new ResultWriter(new ResultFiles(dir.resolve("out")), "test", CONFIG);
        ImageAnalyzer.Analysis analysis = new ImageAnalyzer.Analysis(DicomPixels.decode(sourceFile, 0), labels, findings);
        return writer.write(source, Modality.MAMMOGRAPHY, analysis, text(source, TagFromName.StudyInstanceUID),
                text(source, TagFromName.SOPInstanceUID));
    }

    /** dicom3tools' verdict: no line starting with "Error". */
    static void assertValid(Path file) {
        try {
            Tool result = Tool.run("dciodvfy", file.toString());
            assertThat(result.output().lines().filter(l -> l.startsWith("Error")).toList()).as(result.output()).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    private static int countBits(byte[] bits, int from, int n) {
        int count = 0;
        for (int i = from; i < from + n; i++) if (bitAt(bits, i)) count++;
        return count;
    }

    private static boolean bitAt(byte[] bits, int i) {
        return (bits[i >>> 3] >> (i & 7) & 1) == 1;
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }
}
