package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;

/**
 * The Mammography CAD SR of a study (PS3.3 A.35.5, TID 4000): every analysed mammogram in the image library
 * with its laterality, view, orientation and spacing; the CAD processing and findings summary inferred from
 * one individual impression (TID 4003) per lesion, each holding a single-image finding (TID 4006) with its
 * centre and outline on its image; the detection and analysis summaries. A later image makes a new version
 * that names the one it replaces.
 */
final class MammographyCadReport {
    private MammographyCadReport() {}

    /** @param predecessorUid the SOP Instance UID of the version this one replaces (same series); null for the first */
    static AttributeList build(List<AnalysedImage> images, int version, String predecessorUid, ObserverContext observer,
                               String sopInstanceUid, DerivedObject.Equipment equipment) throws DicomException {
        if (images.isEmpty()) throw new IllegalArgumentException("a CAD report needs at least one analysed image");
        ContentTree sr = new ContentTree(Codes.MAMMOGRAPHY_CAD_REPORT);
        sr.code(sr.root, Relationship.HAS_CONCEPT_MOD, Codes.LANGUAGE, Codes.ENGLISH_US);
        observer.addTo(sr, sr.root);

        ContentItem library = sr.container(sr.root, Relationship.CONTAINS, Codes.IMAGE_LIBRARY);
        List<ContentTree.Reference> evidence = new ArrayList<>();
        for (AnalysedImage r : images) {
            ImageLibraryEntry entry = new ImageLibraryEntry(r.image());
            entry.addTo(sr, library);
            evidence.add(entry.reference());
        }

        boolean anyFinding = images.stream().anyMatch(r -> !r.findings().lesions().isEmpty());
        ContentItem summary = sr.code(sr.root, Relationship.CONTAINS, Codes.CAD_PROCESSING_AND_FINDINGS_SUMMARY, Codes.summary(anyFinding));
        for (AnalysedImage r : images) {
            ContentTree.Reference image = new ImageLibraryEntry(r.image()).reference();
            AlgorithmIdentification algorithm = new AlgorithmIdentification(r.findings().model(), r.findings().modelVersion());
            for (Lesion lesion : r.findings().lesions()) {
                ContentItem impression = sr.container(summary, Relationship.INFERRED_FROM, Codes.INDIVIDUAL_IMPRESSION);
                sr.code(impression, Relationship.HAS_CONCEPT_MOD, Codes.RENDERING_INTENT, Codes.PRESENTATION_REQUIRED);
                ContentItem finding = sr.code(impression, Relationship.CONTAINS, Codes.SINGLE_IMAGE_FINDING, Codes.MASS);
                sr.code(finding, Relationship.HAS_CONCEPT_MOD, Codes.RENDERING_INTENT, Codes.PRESENTATION_REQUIRED);
                algorithm.addTo(sr, finding, Relationship.INFERRED_FROM);
                sr.number(finding, Relationship.HAS_PROPERTIES, Codes.CERTAINTY_OF_FINDING, Math.round(lesion.score() * 1000) / 10.0,
                        Codes.PERCENT);
                int frame = r.image().analysedFrame();
                sr.scoord(finding, Relationship.HAS_PROPERTIES, Codes.CENTER, "POINT",
                        new float[] {(float) lesion.centroidX() + 0.5f, (float) lesion.centroidY() + 0.5f}, image, frame);
                sr.scoord(finding, Relationship.HAS_PROPERTIES, Codes.OUTLINE, "POLYLINE", lesion.outline(), image, frame);
            }
        }
        sr.code(sr.root, Relationship.CONTAINS, Codes.SUMMARY_OF_DETECTIONS, Codes.SUCCEEDED);
        sr.code(sr.root, Relationship.CONTAINS, Codes.SUMMARY_OF_ANALYSES, Codes.SUCCEEDED);

        SourceImage first = images.get(0).image();
        AttributeList header = DerivedObject.start(first, ResultType.CAD_SR, SOPClass.MammographyCADSRStorage, sopInstanceUid, "SR",
                version, equipment);
        if (predecessorUid != null) {
            ContentTree.references(header, TagFromName.PredecessorDocumentsSequence, first.studyUid(), List.of(new ContentTree.Reference(
                    DerivedObject.seriesUid(first.studyUid(), ResultType.CAD_SR), SOPClass.MammographyCADSRStorage, predecessorUid)));
        }
        return sr.document(header, "4000", first.studyUid(), evidence);
    }
}
