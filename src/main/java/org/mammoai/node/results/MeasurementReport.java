package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import java.util.ArrayList;
import java.util.List;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;

/**
 * Comprehensive SR with a TID 1500 measurement report for one image: the image library entry with its
 * descriptors, one measurement group per lesion referencing that lesion's own SEG segment, and the
 * overall finding as a qualitative evaluation.
 */
final class MeasurementReport {
    private MeasurementReport() {}

    /** @param segSopInstanceUid null when the image had no lesions (and so no SEG) */
    static AttributeList build(SourceImage source, Modality modality, List<TrackedLesion> lesions, String segSopInstanceUid,
                               AlgorithmIdentification algorithm, ObserverContext observer, String sopInstanceUid,
                               DerivedObject.Equipment equipment) throws DicomException {
        ContentTree sr = new ContentTree(Codes.IMAGING_MEASUREMENT_REPORT);
        ImageLibraryEntry entry = new ImageLibraryEntry(source);
        List<ContentTree.Reference> evidence = new ArrayList<>(List.of(entry.reference()));
        sr.code(sr.root, Relationship.HAS_CONCEPT_MOD, Codes.LANGUAGE, Codes.ENGLISH_US);
        observer.addTo(sr, sr.root);
        sr.code(sr.root, Relationship.HAS_CONCEPT_MOD, Codes.PROCEDURE_REPORTED, Codes.procedure(modality));

        ContentItem library = sr.container(sr.root, Relationship.CONTAINS, Codes.IMAGE_LIBRARY);
        entry.addTo(sr, sr.container(library, Relationship.CONTAINS, Codes.IMAGE_LIBRARY_GROUP));

        if (!lesions.isEmpty()) {
            evidence.add(new ContentTree.Reference(DerivedObject.seriesUid(source.studyUid(), ResultType.SEG),
                    SOPClass.SegmentationStorage, segSopInstanceUid));
            ContentItem measurements = sr.container(sr.root, Relationship.CONTAINS, Codes.IMAGING_MEASUREMENTS);
            for (TrackedLesion t : lesions) new MeasurementGroup(t, source, segSopInstanceUid, algorithm).addTo(sr, measurements);
        }
        ContentItem qualitative = sr.container(sr.root, Relationship.CONTAINS, Codes.QUALITATIVE_EVALUATIONS);
        sr.code(qualitative, Relationship.CONTAINS, Codes.CAD_PROCESSING_AND_FINDINGS_SUMMARY, Codes.summary(!lesions.isEmpty()));

        AttributeList header = DerivedObject.start(source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage, sopInstanceUid, "SR",
                DerivedObject.instanceNumberOf(source), equipment);
        return sr.document(header, "1500", source.studyUid(), evidence);
    }
}
