package org.mammoai.node.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mammoai.node.dicom.NodeConfig;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.ImageFindings;

/**
 * Writes one analysed image's result objects under results/STUDY/IMAGE/: the SEG (when there are
 * lesions), the Mammography CAD SR (mammograms), the TID 1500 SR, and an overlay PNG for the API.
 */
@ApplicationScoped
public class ResultWriter {
    public static final String OVERLAY = "overlay.png";

    private final Path resultsDir;
    private final String aeTitle;
    private final String version;

    public ResultWriter(ResultFiles files,
                        @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                        NodeConfig config) {
        this.resultsDir = files.root();
        this.aeTitle = config.local().aeTitle();
        this.version = version;
    }

    /** Where this image's results live. */
    public Path directory(String studyUid, String sourceSopInstanceUid) {
        return resultsDir.resolve(studyUid).resolve(sourceSopInstanceUid);
    }

    public List<ResultFile> write(AttributeList source, Modality modality, ImageAnalyzer.Analysis analysis,
                                  String studyUid, String sourceUid) throws IOException, DicomException {
        Path dir = directory(studyUid, sourceUid);
        ImageFindings findings = analysis.findings();
        DerivedObject.Equipment eq = new DerivedObject.Equipment(DerivedObject.Equipment.MANUFACTURER, aeTitle,
                version + " " + findings.model() + "/" + findings.modelVersion());
        String deviceUid = Uids.named("device/" + aeTitle);
        List<ResultFile> files = new ArrayList<>();

        MeasurementReportWriter.Segmentation seg = null;
        if (!findings.lesions().isEmpty()) {
            String uid = Uids.random();
            AttributeList list = SegmentationWriter.build(source, findings, analysis.lesionLabels(), uid, eq);
            files.add(save(list, ResultType.SEG, SOPClass.SegmentationStorage, uid, dir.resolve("seg.dcm")));
            seg = new MeasurementReportWriter.Segmentation(DerivedObject.seriesUid(source, ResultType.SEG), uid,
                    SegmentationWriter.segments(findings));
        }
        if (modality == Modality.MAMMOGRAPHY) {
            String uid = Uids.random();
            AttributeList list = CadReportWriter.build(source, findings, uid, deviceUid, aeTitle, eq);
            files.add(save(list, ResultType.CAD_SR, SOPClass.MammographyCADSRStorage, uid, dir.resolve("cad-sr.dcm")));
        }
        String uid = Uids.random();
        AttributeList list = MeasurementReportWriter.build(source, modality, findings, seg, uid, deviceUid, aeTitle, eq);
        files.add(save(list, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage, uid, dir.resolve("measurements-sr.dcm")));

        OverlayImage.write(analysis.pixels(), analysis.lesionLabels(), findings.lesions(), dir.resolve(OVERLAY));
        return files;
    }

    private ResultFile save(AttributeList list, ResultType type, String sopClass, String uid, Path file) throws IOException, DicomException {
        DerivedObject.write(list, file, aeTitle);
        return new ResultFile(type, sopClass, uid, file);
    }
}
