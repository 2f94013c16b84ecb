package org.mammoai.node.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import java.util.List;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;

/**
 * Mammography CAD SR (TID 4000) for one image: image library, CAD processing and findings summary
 * with one single-image finding per lesion (its centre and outline on the image, a certainty, the
 * algorithm), and the detection/analysis summaries.
 */
final class CadReportWriter {
    private CadReportWriter() {}

    static AttributeList build(AttributeList source, ImageFindings findings, String sopInstanceUid, String deviceUid,
                               String deviceName, DerivedObject.Equipment equipment) throws DicomException {
        ReportContent sr = new ReportContent();
        ReportContent.Reference image = ReportContent.sourceReference(source);
        ContentItem root = sr.container(null, null, Codes.dcm("111036", "Mammography CAD Report"));
        sr.deviceObserver(root, deviceUid, deviceName);

        ContentItem library = sr.container(root, "CONTAINS", Codes.dcm("111028", "Image Library"));
        sr.image(library, "CONTAINS", null, image.sopClassUid(), image.sopInstanceUid(), 0, 0);

        List<Lesion> lesions = findings.lesions();
        ContentItem summary = sr.code(root, "CONTAINS", Codes.dcm("111017", "CAD Processing and Findings Summary"),
                Codes.processingSummary(!lesions.isEmpty()));
        for (Lesion lesion : lesions) {
            ContentItem impression = sr.container(summary, "CONTAINS", Codes.dcm("111034", "Individual Impression/Recommendation"));
            sr.code(impression, "HAS CONCEPT MOD", Codes.dcm("111056", "Rendering Intent"),
                    Codes.dcm("111150", "Presentation Required: Rendering device is expected to present"));
            ContentItem finding = sr.code(impression, "CONTAINS", Codes.dcm("111059", "Single Image Finding"),
                    Codes.sct("4147007", "Mass"));
            sr.code(finding, "HAS CONCEPT MOD", Codes.dcm("111056", "Rendering Intent"),
                    Codes.dcm("111150", "Presentation Required: Rendering device is expected to present"));
            sr.algorithm(finding, "INFERRED FROM", findings.model(), findings.modelVersion());
            sr.number(finding, "HAS PROPERTIES", Codes.dcm("111012", "Certainty of Finding"),
                    Math.round(lesion.score() * 1000) / 10.0, Codes.ucum("%", "Percent"));
            point(sr, finding, "111010", "Center", new float[] {(float) lesion.centroidX() + 0.5f, (float) lesion.centroidY() + 0.5f}, "POINT", image);
            point(sr, finding, "111041", "Outline", lesion.outline(), "POLYLINE", image);
        }
        sr.code(root, "CONTAINS", Codes.dcm("111064", "Summary of Detections"), Codes.dcm("111222", "Succeeded"));
        sr.code(root, "CONTAINS", Codes.dcm("111065", "Summary of Analyses"), Codes.dcm("111222", "Succeeded"));

        AttributeList header = DerivedObject.start(source, ResultType.CAD_SR, SOPClass.MammographyCADSRStorage, sopInstanceUid, "SR", equipment);
        return ReportContent.document(header, root, "4000", List.of(image), source);
    }

    private static void point(ReportContent sr, ContentItem finding, String code, String meaning, float[] data, String graphicType,
                              ReportContent.Reference image) throws DicomException {
        ContentItem coords = sr.factory.makeSpatialCoordinatesContentItem(finding, "HAS PROPERTIES", Codes.dcm(code, meaning), graphicType, data);
        sr.image(coords, "SELECTED FROM", null, image.sopClassUid(), image.sopInstanceUid(), 0, 0);
    }
}
