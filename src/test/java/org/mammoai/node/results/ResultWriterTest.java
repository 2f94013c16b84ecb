package org.mammoai.node.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.ResultType;
import org.mammoai.node.testing.Devices;
import org.mammoai.node.imaging.DicomImage;
import org.mammoai.node.imaging.GrayImage;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionFinder;
import com.fasterxml.jackson.databind.JsonNode;
import org.mammoai.node.testing.Dcmjs;
import org.mammoai.node.testing.ObjectChecks;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * SEG, TID 1500 SR and the study's Mammography CAD SR for mammograms with known lesions: valid by dciodvfy
 * and dcmtk's SR checker, one segment per lesion, laterality and view where the templates put them, the
 * CID 6047 codes with their meaning, versions of the CAD SR, and sources with invalid values.
 */
class ResultWriterTest {
    static final Device CONFIG = Devices.node();

    @Test
    void eachLesionGetsItsOwnSegmentAndMeasurementGroupWithLaterality() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom mammogram = SyntheticDicom.mammogram("L", "CC").size(300, 200);
        Analysed a = analyse(mammogram, dir, new int[][] {{60, 80, 20}, {140, 220, 12}}, LesionClass.MALIGNANT);

        List<ResultFile> files = writer(dir).writeImage(a.source(), Modality.MAMMOGRAPHY, a.analysis());

        assertThat(files).extracting(ResultFile::type).containsExactly(ResultType.SEG, ResultType.TID1500_SR);
        files.forEach(f -> ObjectChecks.assertValid(f.path()));
        AttributeList seg = read(files.get(0).path());
        assertThat(text(seg, TagFromName.StudyInstanceUID)).isEqualTo(mammogram.studyUid());
        assertThat(text(seg, TagFromName.SeriesInstanceUID)).isNotEqualTo(mammogram.seriesUid());
        assertThat(text(seg, TagFromName.NumberOfFrames)).isEqualTo("2");
        assertThat(text(seg, TagFromName.ImageLaterality)).isEqualTo("L");
        List<Lesion> lesions = a.analysis().findings().lesions();
        byte[] bits = seg.get(TagFromName.PixelData).getByteValues();
        assertThat(countBits(bits, 0, 300 * 200)).as("frame 1 holds lesion 1 only").isEqualTo(lesions.get(0).areaPixels());
        assertThat(countBits(bits, 300 * 200, 300 * 200)).as("frame 2 holds lesion 2 only").isEqualTo(lesions.get(1).areaPixels());
        assertThat(bitAt(bits, 80 * 200 + 60)).isTrue();
        assertThat(bitAt(bits, 300 * 200 + 220 * 200 + 140)).isTrue();

        SequenceAttribute segments = (SequenceAttribute) seg.get(TagFromName.SegmentSequence);
        String dump = Tool.run("dsrdump", "+Pc", "+Pu", files.get(1).path().toString()).output();
        for (int n = 1; n <= 2; n++) {
            AttributeList segment = segments.getItem(n - 1).getAttributeList();
            assertThat(text(segment, TagFromName.SegmentNumber)).isEqualTo(Integer.toString(n));
            assertThat(text(segment, new AttributeTag(0x0062, 0x0020))).isEqualTo("Lesion " + n);
            String trackingUid = text(segment, new AttributeTag(0x0062, 0x0021));
            AttributeList region = ((SequenceAttribute) segment.get(TagFromName.AnatomicRegionSequence)).getItem(0).getAttributeList();
            assertThat(text(region, TagFromName.CodeValue)).as("breast").isEqualTo("76752008");
            assertThat(text(((SequenceAttribute) region.get(TagFromName.AnatomicRegionModifierSequence)).getItem(0).getAttributeList(),
                    TagFromName.CodeValue)).as("left").isEqualTo("7771000");
            // the measurement group with this tracking UID references this segment (frame n = segment n) of this SEG
            String group = groupWithTrackingUid(dump, trackingUid);
            assertThat(group).contains("Lesion " + n).contains("(7771000,SCT,\"Left\")")
                    .contains("(121191,DCM,\"Referenced Segment\")=(SG image,\"" + files.get(0).sopInstanceUid() + "\"," + n + ")");
        }
        assertThat(groupWithTrackingUid(dump, trackingUids(segments).get(1))).contains("Malignant neoplasm");

        // what OHIF's toolkit reads: each lesion's measurement group, and through its segment number its own pixels
        JsonNode read = Dcmjs.read(files.get(1).path(), files.get(0).path());
        assertThat(read.get("lesions")).hasSize(2);
        for (JsonNode group : read.get("lesions")) {
            int n = group.get("segmentNumber").asInt();
            Lesion lesion = lesions.get(n - 1);
            JsonNode segment = read.get("segments").get(n - 1);
            assertThat(group.get("segmentationInstance").asText()).isEqualTo(files.get(0).sopInstanceUid());
            assertThat(group.get("trackingUid").asText()).isEqualTo(segment.get("trackingUid").asText());
            assertThat(group.get("area").asDouble()).isEqualTo(lesion.areaPixels()); // no spacing: pixels
            assertThat(segment.get("pixels").asInt()).as("segment %d holds lesion %d's pixels", n, n).isEqualTo(lesion.areaPixels());
        }
        assertThat(read.get("lesions").get(1).get("finding").asText()).isEqualTo("Malignant neoplasm, primary");
        assertThat(dump).contains("(111027,DCM,\"Image Laterality\")=(7771000,SCT,\"Left\")")
                .contains("(111031,DCM,\"Image View\")=(399162004,SCT,\"cranio-caudal\")");
        assertThat(findingsSummary(files.get(1).path())).as("CID 6047: 111242 is 'with findings'").isEqualTo("111242");
        // the overlay is drawn when first asked for, at display size, and kept
        Path imageDir = dir.resolve("out").resolve(mammogram.studyUid()).resolve(mammogram.sopInstanceUid());
        assertThat(imageDir.resolve(ResultWriter.OVERLAY)).doesNotExist();
        ResultWriter writer = writer(dir);
        Path overlay = writer.overlay(mammogram.studyUid(), mammogram.sopInstanceUid(), lesions, a.source().columns());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(overlay.toFile());
        assertThat(png.getWidth()).isEqualTo(a.analysis().display().width());
        assertThat(png.getHeight()).isEqualTo(a.analysis().display().height());
        java.nio.file.attribute.FileTime drawn = Files.getLastModifiedTime(overlay);
        Files.setLastModifiedTime(overlay, java.nio.file.attribute.FileTime.fromMillis(drawn.toMillis() - 60_000));
        assertThat(writer.overlay(mammogram.studyUid(), mammogram.sopInstanceUid(), lesions, a.source().columns())).isEqualTo(overlay);
        assertThat(Files.getLastModifiedTime(overlay).toMillis()).as("kept, not drawn again").isEqualTo(drawn.toMillis() - 60_000);
        assertThat(writer.overlay(mammogram.studyUid(), "1.2.3.4", lesions, a.source().columns())).as("no such image").isNull();
    }

    @Test
    void anImageAnalysedAgainGetsItsOverlayDrawnFromTheNewAnalysis() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom mammogram = SyntheticDicom.mammogram("R", "CC").size(300, 200);
        Analysed first = analyse(mammogram, dir, new int[][] {{60, 80, 20}}, LesionClass.MALIGNANT);
        ResultWriter writer = writer(dir);
        writer.writeImage(first.source(), Modality.MAMMOGRAPHY, first.analysis());
        Path overlay = writer.overlay(mammogram.studyUid(), mammogram.sopInstanceUid(), first.analysis().findings().lesions(),
                first.source().columns());
        byte[] withMark = Files.readAllBytes(overlay);

        // reanalysed (a new model, say): no lesion now; the overlay must not keep showing the old mark
        Analysed again = analyse(mammogram, dir, new int[0][], LesionClass.NORMAL);
        writer.writeImage(again.source(), Modality.MAMMOGRAPHY, again.analysis());
        assertThat(overlay).as("the old drawing is dropped with the old analysis").doesNotExist();
        Path redrawn = writer.overlay(mammogram.studyUid(), mammogram.sopInstanceUid(), again.analysis().findings().lesions(),
                again.source().columns());
        assertThat(Files.readAllBytes(redrawn)).isNotEqualTo(withMark);
    }

    @Test
    void anAnalysisNeverReplacesTheObjectsOfAnEarlierOneAndADiscardedOneLeavesNothing() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom mammogram = SyntheticDicom.mammogram("L", "MLO").size(300, 200);
        ResultWriter writer = writer(dir);
        Analysed once = analyse(mammogram, dir, new int[][] {{60, 80, 20}}, LesionClass.BENIGN);
        List<ResultFile> first = writer.writeImage(once.source(), Modality.MAMMOGRAPHY, once.analysis());
        List<byte[]> firstBytes = new ArrayList<>();
        for (ResultFile f : first) firstBytes.add(Files.readAllBytes(f.path()));

        // analysed again (a new model, or a node that took the job over): a delivery still pending for the first SEG
        // must send the object whose UID it recorded, not the new one
        Analysed again = analyse(mammogram, dir, new int[][] {{140, 220, 12}}, LesionClass.MALIGNANT);
        List<ResultFile> second = writer.writeImage(again.source(), Modality.MAMMOGRAPHY, again.analysis());
        assertThat(second).extracting(ResultFile::type).containsExactly(ResultType.SEG, ResultType.TID1500_SR);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).path()).isNotEqualTo(first.get(i).path());
            assertThat(Files.readAllBytes(first.get(i).path())).as("%s unchanged", first.get(i).type()).isEqualTo(firstBytes.get(i));
            assertThat(text(read(first.get(i).path()), TagFromName.SOPInstanceUID)).isEqualTo(first.get(i).sopInstanceUid());
        }

        writer.discard(second);
        second.forEach(f -> assertThat(f.path()).doesNotExist());
        first.forEach(f -> assertThat(f.path()).exists());
    }

    @Test
    void aResultFolderIsNeverNamedOutsideTheResultsFolder() throws Exception {
        ResultWriter writer = writer(Files.createTempDirectory("results"));
        assertThat(writer.directory("1.2.3", "1.2.3.4").endsWith(Path.of("1.2.3", "1.2.3.4"))).isTrue();
        for (String[] uids : new String[][] {{"..", "1.2"}, {"1.2", "../../etc"}, {"1.2/3", "4"}, {"1.2", "."}}) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> writer.directory(uids[0], uids[1]));
        }
    }

    @Test
    void imageWithoutLesionsGetsAReportSayingSoAndNoSegmentation() throws Exception {
        Path dir = Files.createTempDirectory("results");
        Analysed a = analyse(SyntheticDicom.mammogram("R", "MLO").size(120, 100), dir, new int[0][], LesionClass.NORMAL);

        List<ResultFile> files = writer(dir).writeImage(a.source(), Modality.MAMMOGRAPHY, a.analysis());

        assertThat(files).extracting(ResultFile::type).containsExactly(ResultType.TID1500_SR);
        ObjectChecks.assertValid(files.get(0).path());
        assertThat(findingsSummary(files.get(0).path())).as("CID 6047: 111241 is 'without findings'").isEqualTo("111241");
        assertThat(text(read(files.get(0).path()), TagFromName.SOPClassUID)).isEqualTo(SOPClass.ComprehensiveSRStorage);
    }

    @Test
    void oneCadReportCoversTheStudyAndALaterImageMakesANewVersion() throws Exception {
        Path dir = Files.createTempDirectory("results");
        String study = SyntheticDicom.newUid();
        Analysed lcc = analyse(SyntheticDicom.mammogram("L", "CC").study(study).size(300, 200), dir, new int[][] {{60, 80, 20}},
                LesionClass.BENIGN);
        Analysed rmlo = analyse(SyntheticDicom.mammogram("R", "MLO").study(study).size(300, 200), dir, new int[0][], LesionClass.NORMAL);
        ResultWriter writer = writer(dir);

        ResultFile v1 = writer.writeStudyReport(List.of(lcc.reported()), 1, null);
        ResultFile v2 = writer.writeStudyReport(List.of(lcc.reported(), rmlo.reported()), 2, v1.sopInstanceUid());

        for (ResultFile v : List.of(v1, v2)) ObjectChecks.assertValid(v.path());
        AttributeList first = read(v1.path()), second = read(v2.path());
        assertThat(text(second, TagFromName.SeriesInstanceUID)).as("versions share the series").isEqualTo(text(first, TagFromName.SeriesInstanceUID));
        assertThat(text(second, TagFromName.SOPInstanceUID)).isNotEqualTo(text(first, TagFromName.SOPInstanceUID));
        assertThat(text(second, TagFromName.InstanceNumber)).isEqualTo("2");
        assertThat(Tool.run("dcmdump", v2.path().toString()).output()).contains("PredecessorDocumentsSequence").contains(v1.sopInstanceUid());
        assertThat(Tool.run("dcmdump", v1.path().toString()).output()).doesNotContain("PredecessorDocumentsSequence");

        String dump = Tool.run("dsrdump", "+Pc", v2.path().toString()).output();
        assertThat(count(dump, "(111027,DCM,\"Image Laterality\")")).as("an image library entry per image").isEqualTo(2);
        assertThat(dump).contains("=(7771000,SCT,\"Left\")").contains("=(24028007,SCT,\"Right\")")
                .contains("(399368009,SCT,\"medio-lateral oblique\")");
        assertThat(count(dump, "Single Image Finding")).isEqualTo(1);
        assertThat(dump).as("TID 4001: the impression hangs from the summary by INFERRED FROM")
                .containsPattern("<inferred from CONTAINER:\\(111034,DCM,\"Individual Impression/Recommendation\"\\)");
        assertThat(findingsSummary(v2.path())).isEqualTo("111242");
        assertThat(evidence(second)).containsExactlyInAnyOrder(lcc.source().sopInstanceUid(), rmlo.source().sopInstanceUid());

        ResultFile normal = writer.writeStudyReport(List.of(rmlo.reported()), 1, null);
        assertThat(findingsSummary(normal.path())).isEqualTo("111241");
    }

    /**
     * A Hologic-like header: Patient's Age "732.0m" (invalid AS), Pixel Spacing 0.975 without a calibration type;
     * Imager Pixel Spacing 0.1 with an Estimated Radiographic Magnification Factor of 1.0476 (the vendor headers).
     */
    @Test
    void invalidSourceValuesAreLeftOutAndProjectionSpacingFollowsPs33() throws Exception {
        Path dir = Files.createTempDirectory("results");
        SyntheticDicom hologic = SyntheticDicom.mammogram("R", "CC").size(300, 200).vendorHeaders()
                .with(TagFromName.PatientAge, "732.0m").with(TagFromName.PixelSpacing, "0.975\\0.975");
        Analysed a = analyse(hologic, dir, new int[][] {{100, 150, 20}}, LesionClass.BENIGN);
        assertThat(a.source().patientStudy().dropped()).containsExactly("PatientAge");

        List<ResultFile> files = new ArrayList<>(writer(dir).writeImage(a.source(), Modality.MAMMOGRAPHY, a.analysis()));
        files.add(writer(dir).writeStudyReport(List.of(a.reported()), 1, null));

        files.forEach(f -> ObjectChecks.assertValid(f.path()));
        for (ResultFile f : files) assertThat(read(f.path()).get(TagFromName.PatientAge)).as(f.type().name()).isNull();
        Lesion lesion = a.analysis().findings().lesions().get(0);
        double spacing = 0.1 / 1.0476;
        assertThat(lesion.areaMm2()).as("Imager Pixel Spacing / magnification, not the uncalibrated 0.975")
                .isCloseTo(lesion.areaPixels() * spacing * spacing, org.assertj.core.data.Offset.offset(1e-6));
        for (ResultFile sr : files.subList(1, 3)) {
            String dump = Tool.run("dsrdump", "+Pl", sr.path().toString()).output();
            assertThat(dump).as(sr.type().name()).contains("Imager Pixel Spacing corrected by the Estimated Radiographic Magnification Factor")
                    .contains("Horizontal Pixel Spacing\")=\".0954562");
        }
        // without a magnification factor: at the detector, and said so
        SourceImage plain = DicomImage.read(SyntheticDicom.mammogram("R", "CC").size(300, 200).vendorHeaders()
                .with(TagFromName.EstimatedRadiographicMagnificationFactor, "").write(dir)).header();
        assertThat(plain.spacing().rowMm()).isEqualTo(0.1);
        assertThat(plain.spacing().source().description).isEqualTo("Imager Pixel Spacing (at the detector)");
    }

    private record Analysed(SourceImage source, ImageAnalyzer.Analysis analysis) {
        AnalysedImage reported() {
            return new AnalysedImage(source, analysis.findings());
        }
    }

    /** Writes the image, then "finds" a disc per {x, y, radius}; the last lesion gets the given class, the others benign. */
    private static Analysed analyse(SyntheticDicom image, Path dir, int[][] discs, LesionClass lastClass) throws Exception {
        SourceImage source = DicomImage.read(image.write(dir)).header();
        Mat probabilities = new Mat(source.rows(), source.columns(), CV_32F, new Scalar(0.05));
        for (int[] d : discs) circle(probabilities, new Point(d[0], d[1]), d[2], new Scalar(0.9), -1, 8, 0);
        double[] spacing = source.spacing() == null ? null : new double[] {source.spacing().rowMm(), source.spacing().columnMm()};
        LesionFinder.Found found = LesionFinder.find(probabilities, 0.5f, LesionClass.BENIGN, 256, spacing);
        assertThat(found.lesions()).hasSize(discs.length);
        List<Lesion> lesions = new ArrayList<>(found.lesions());
        if (!lesions.isEmpty() && lastClass != LesionClass.BENIGN) {
            Lesion l = lesions.get(lesions.size() - 1);
            lesions.set(lesions.size() - 1, new Lesion(l.number(), lastClass, l.score(), l.areaPixels(), l.areaMm2(), l.x(), l.y(),
                    l.width(), l.height(), l.centroidX(), l.centroidY(), l.outline()));
        }
        LesionClass imageClass = lesions.isEmpty() ? LesionClass.NORMAL : lastClass;
        ImageFindings findings = new ImageFindings("test-model", "0123456789ab", imageClass, new float[] {0.2f, 0.3f, 0.5f}, lesions, null);
        GrayImage display = new GrayImage(source.columns(), source.rows(), new byte[source.columns() * source.rows()]);
        return new Analysed(source, new ImageAnalyzer.Analysis(findings, found.masks(), display, source.columns()));
    }

    private static ResultWriter writer(Path dir) {
        return new ResultWriter(new ResultFiles(dir.resolve("out")), "test", CONFIG);
    }

    /** The code value of the CAD Processing and Findings Summary (DCM 111017) item, wherever it sits in the tree. */
    static String findingsSummary(Path sr) throws Exception {
        String dump = Tool.run("dsrdump", "+Pc", sr.toString()).output();
        Matcher m = Pattern.compile("\\(111017,DCM,[^)]*\\)=\\((\\d+),DCM").matcher(dump);
        if (!m.find()) throw new AssertionError("no findings summary in\n" + dump);
        return m.group(1);
    }

    /** The dsrdump lines of the measurement group whose Tracking Unique Identifier is this UID. */
    private static String groupWithTrackingUid(String dump, String uid) {
        for (String group : dump.split("\\(125007,DCM,\"Measurement Group\"\\)")) {
            if (group.contains("=\"" + uid + "\"")) return group;
        }
        throw new AssertionError("no measurement group with tracking UID " + uid + " in\n" + dump);
    }

    private static List<String> trackingUids(SequenceAttribute segments) {
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < segments.getNumberOfItems(); i++) uids.add(text(segments.getItem(i).getAttributeList(), new AttributeTag(0x0062, 0x0021)));
        return uids;
    }

    private static List<String> evidence(AttributeList sr) {
        List<String> uids = new ArrayList<>();
        var study = ((SequenceAttribute) sr.get(TagFromName.CurrentRequestedProcedureEvidenceSequence)).getItem(0).getAttributeList();
        var series = (SequenceAttribute) study.get(TagFromName.ReferencedSeriesSequence);
        for (int s = 0; s < series.getNumberOfItems(); s++) {
            var sops = (SequenceAttribute) series.getItem(s).getAttributeList().get(TagFromName.ReferencedSOPSequence);
            for (int i = 0; i < sops.getNumberOfItems(); i++) uids.add(text(sops.getItem(i).getAttributeList(), TagFromName.ReferencedSOPInstanceUID));
        }
        return uids;
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    static String text(AttributeList list, AttributeTag tag) {
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
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
