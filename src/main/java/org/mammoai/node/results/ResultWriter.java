package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.imaging.GrayImage;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;

/**
 * Writes result objects under results/STUDY/: per analysed image (in IMAGE/) the SEG (when there are
 * lesions), the TID 1500 SR and an overlay PNG for the API; per study (in cad-sr/) the versions of its
 * Mammography CAD SR. An image's objects are named by their own SOP Instance UIDs, never by a fixed name: a file
 * once written is never replaced, so a delivery still pending for an earlier analysis sends the object it recorded,
 * and a node whose lease ran out cannot overwrite what the node that took over recorded.
 */
@ApplicationScoped
public class ResultWriter {
    public static final String OVERLAY = "overlay.png";
    /** The decoded image at display size, which the overlay is drawn on. */
    public static final String DISPLAY = "display.gray";

    private final Path resultsDir;
    private final NodeConfigStore configs;
    private final String version;

    @jakarta.inject.Inject
    public ResultWriter(ResultFiles files,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                        NodeConfigStore configs) {
        this.resultsDir = files.root();
        this.configs = configs;
        this.version = version;
    }

    public ResultWriter(ResultFiles files, String version, Device config) {
        this(files, version, NodeConfigStore.of(config));
    }

    /** This node's AE title as configured now: the equipment and observer our objects name. */
    private String aeTitle() {
        return configs.current().ae().aeTitle();
    }

    /** Where this image's results live; the UIDs came from a peer, so the folder must stay in the results folder. */
    public Path directory(String studyUid, String sourceSopInstanceUid) {
        Path dir = resultsDir.resolve(studyUid).resolve(sourceSopInstanceUid).normalize();
        if (!dir.startsWith(resultsDir) || dir.getNameCount() != resultsDir.getNameCount() + 2) {
            throw new IllegalArgumentException("not a result folder name: " + studyUid + "/" + sourceSopInstanceUid);
        }
        return dir;
    }

    public List<ResultFile> writeImage(SourceImage source, Modality modality, ImageAnalyzer.Analysis analysis)
            throws IOException, DicomException {
        Path dir = directory(source.studyUid(), source.sopInstanceUid());
        ImageFindings findings = analysis.findings();
        DerivedObject.Equipment eq = equipment(findings);
        AlgorithmIdentification algorithm = new AlgorithmIdentification(findings.model(), findings.modelVersion());
        List<TrackedLesion> lesions = new ArrayList<>();
        for (Lesion lesion : findings.lesions()) {
            lesions.add(new TrackedLesion(lesion, analysis.masks().get(lesion.number() - 1), "Lesion " + lesion.number(), Uids.random()));
        }
        List<ResultFile> files = new ArrayList<>();
        String segUid = null;
        if (!lesions.isEmpty()) {
            segUid = Uids.random();
            AttributeList seg = Segmentation.build(source, lesions, algorithm, segUid, eq);
            files.add(save(seg, ResultType.SEG, SOPClass.SegmentationStorage, segUid, dir.resolve("seg-" + segUid + ".dcm")));
        }
        String uid = Uids.random();
        AttributeList sr = MeasurementReport.build(source, modality, lesions, segUid, algorithm, observer(), uid, eq);
        files.add(save(sr, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage, uid, dir.resolve("sr-" + uid + ".dcm")));
        analysis.display().write(dir.resolve(DISPLAY)); // the overlay PNG is drawn from it when someone asks
        Files.deleteIfExists(dir.resolve(OVERLAY)); // one drawn for an earlier analysis of this image shows its marks
        return files;
    }

    /** Deletes the files of an analysis whose outcome nobody recorded (the job was no longer this node's). */
    public void discard(List<ResultFile> files) throws IOException {
        for (ResultFile f : files) Files.deleteIfExists(f.path());
    }

    /**
     * The image's overlay PNG, drawn at display size the first time it is asked for and kept; null when the image has
     * no display image (not analysed, or analysed before overlays were drawn on request and without an overlay).
     *
     * @param sourceColumns the analysed image's width, which lesion coordinates refer to
     */
    public Path overlay(String studyUid, String sopUid, List<Lesion> lesions, int sourceColumns) throws IOException {
        Path dir = directory(studyUid, sopUid), png = dir.resolve(OVERLAY), display = dir.resolve(DISPLAY);
        if (Files.isRegularFile(png)) return png;
        if (!Files.isRegularFile(display)) return null;
        Path partial = Files.createTempFile(dir, "overlay", ".part");
        try {
            OverlayImage.write(GrayImage.read(display), sourceColumns, lesions, partial);
            Files.move(partial, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING); // whole or not at all
        } finally {
            Files.deleteIfExists(partial);
        }
        return png;
    }

    /**
     * Version {@code version} of the study's Mammography CAD SR, covering these images.
     *
     * @param predecessorUid the version it replaces, null for the first
     */
    public ResultFile writeStudyReport(List<AnalysedImage> images, int version, String predecessorUid) throws IOException, DicomException {
        String studyUid = images.get(0).image().studyUid();
        String uid = Uids.random();
        AttributeList sr = MammographyCadReport.build(images, version, predecessorUid, observer(), uid, equipment(images.get(0).findings()));
        return save(sr, ResultType.CAD_SR, SOPClass.MammographyCADSRStorage, uid,
                resultsDir.resolve(studyUid).resolve("cad-sr").resolve("v" + version + ".dcm"));
    }

    private DerivedObject.Equipment equipment(ImageFindings findings) {
        return new DerivedObject.Equipment(DerivedObject.Equipment.MANUFACTURER, aeTitle(),
                version + " " + findings.model() + "/" + findings.modelVersion());
    }

    private ObserverContext observer() {
        return new ObserverContext(Uids.named("device/" + aeTitle()), aeTitle());
    }

    private ResultFile save(AttributeList list, ResultType type, String sopClass, String uid, Path file) throws IOException, DicomException {
        DerivedObject.write(list, file, aeTitle());
        return new ResultFile(type, sopClass, uid, file);
    }
}
