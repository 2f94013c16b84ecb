package org.mammoai.node.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import java.util.ArrayList;
import java.util.List;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;

/**
 * Comprehensive SR, TID 1500 measurement report: one measurement group (TID 1410) per lesion
 * referencing its SEG segment, with the lesion's area and certainty, as OHIF-style viewers read them;
 * the overall finding as a qualitative evaluation.
 */
final class MeasurementReportWriter {
    private MeasurementReportWriter() {}

    /** The SEG this report points into, or null when the image had no lesions. */
    record Segmentation(String seriesUid, String sopInstanceUid, List<LesionClass> segments) {}

    static AttributeList build(AttributeList source, Modality modality, ImageFindings findings, Segmentation seg,
                               String sopInstanceUid, String deviceUid, String deviceName, DerivedObject.Equipment equipment)
            throws DicomException {
        ReportContent sr = new ReportContent();
        ReportContent.Reference image = ReportContent.sourceReference(source);
        List<ReportContent.Reference> evidence = new ArrayList<>(List.of(image));
        ContentItem root = sr.container(null, null, Codes.dcm("126000", "Imaging Measurement Report"));
        sr.code(root, "HAS CONCEPT MOD", Codes.dcm("121049", "Language of Content Item and Descendants"),
                Codes.code("en-US", "RFC5646", "English as used in the United States"));
        sr.deviceObserver(root, deviceUid, deviceName);
        sr.code(root, "HAS CONCEPT MOD", Codes.dcm("121058", "Procedure reported"), Codes.procedure(modality));

        ContentItem library = sr.container(root, "CONTAINS", Codes.dcm("111028", "Image Library"));
        ContentItem group = sr.container(library, "CONTAINS", Codes.dcm("126200", "Image Library Group"));
        sr.image(group, "CONTAINS", null, image.sopClassUid(), image.sopInstanceUid(), ReportContent.analysedFrame(source), 0);

        if (seg != null) {
            evidence.add(new ReportContent.Reference(seg.seriesUid(), SOPClass.SegmentationStorage, seg.sopInstanceUid()));
            ContentItem measurements = sr.container(root, "CONTAINS", Codes.dcm("126010", "Imaging Measurements"));
            for (Lesion lesion : findings.lesions()) {
                ContentItem m = sr.container(measurements, "CONTAINS", Codes.dcm("125007", "Measurement Group"));
                sr.text(m, "HAS OBS CONTEXT", Codes.dcm("112039", "Tracking Identifier"), "Lesion " + lesion.number());
                sr.factory.makeUIDContentItem(m, "HAS OBS CONTEXT", Codes.dcm("112040", "Tracking Unique Identifier"), Uids.random());
                sr.code(m, "CONTAINS", Codes.dcm("121071", "Finding"), Codes.finding(lesion.lesionClass()));
                int segment = seg.segments().indexOf(lesion.lesionClass()) + 1;
                sr.image(m, "CONTAINS", Codes.dcm("121214", "Referenced Segmentation Frame"), SOPClass.SegmentationStorage,
                        seg.sopInstanceUid(), segment, 0); // one frame per segment: frame n is segment n
                sr.algorithm(m, "HAS CONCEPT MOD", findings.model(), findings.modelVersion());
                if (lesion.areaMm2() != null) {
                    sr.number(m, "CONTAINS", Codes.sct("42798000", "Area"), Math.round(lesion.areaMm2() * 10) / 10.0,
                            Codes.ucum("mm2", "square millimeter"));
                } else {
                    sr.number(m, "CONTAINS", Codes.sct("42798000", "Area"), lesion.areaPixels(), Codes.ucum("{pixels}", "pixels"));
                }
                sr.number(m, "CONTAINS", Codes.dcm("111012", "Certainty of Finding"),
                        Math.round(lesion.score() * 1000) / 10.0, Codes.ucum("%", "Percent"));
            }
        }
        ContentItem qualitative = sr.container(root, "CONTAINS", Codes.code("C0034375", "UMLS", "Qualitative Evaluations"));
        sr.code(qualitative, "CONTAINS", Codes.dcm("111017", "CAD Processing and Findings Summary"),
                Codes.processingSummary(!findings.lesions().isEmpty()));

        AttributeList header = DerivedObject.start(source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage, sopInstanceUid, "SR", equipment);
        return ReportContent.document(header, root, "1500", evidence, source);
    }
}
