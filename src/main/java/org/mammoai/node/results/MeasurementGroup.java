package org.mammoai.node.results;

import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import org.mammoai.node.imaging.SourceImage;

/**
 * TID 1411 ROI measurements of one lesion: its tracking identifiers, the finding, the finding site with
 * laterality, its own SEG segment and the series it was segmented from, the algorithm, area and certainty.
 */
record MeasurementGroup(TrackedLesion tracked, SourceImage image, String segSopInstanceUid, AlgorithmIdentification algorithm) {

    void addTo(ContentTree sr, ContentItem measurements) throws DicomException {
        ContentItem group = sr.container(measurements, Relationship.CONTAINS, Codes.MEASUREMENT_GROUP);
        sr.text(group, Relationship.HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, tracked.trackingId());
        sr.uid(group, Relationship.HAS_OBS_CONTEXT, Codes.TRACKING_UID, tracked.trackingUid());
        sr.code(group, Relationship.CONTAINS, Codes.FINDING, Codes.finding(tracked.lesion().lesionClass()));
        ContentItem site = sr.code(group, Relationship.HAS_CONCEPT_MOD, Codes.FINDING_SITE, Codes.BREAST);
        Code laterality = Codes.laterality(image.laterality());
        if (laterality != null) sr.code(site, Relationship.HAS_CONCEPT_MOD, Codes.LATERALITY, laterality);
        sr.image(group, Relationship.CONTAINS, Codes.REFERENCED_SEGMENT, SOPClass.SegmentationStorage, segSopInstanceUid,
                0, tracked.segmentNumber());
        sr.uid(group, Relationship.CONTAINS, Codes.SOURCE_SERIES_FOR_SEGMENTATION, image.seriesUid());
        algorithm.addTo(sr, group, Relationship.HAS_CONCEPT_MOD);
        var lesion = tracked.lesion();
        if (lesion.areaMm2() != null) {
            sr.number(group, Relationship.CONTAINS, Codes.AREA, Math.round(lesion.areaMm2() * 10) / 10.0, Codes.SQUARE_MILLIMETER);
        } else {
            sr.number(group, Relationship.CONTAINS, Codes.AREA, lesion.areaPixels(), Codes.PIXELS);
        }
        sr.number(group, Relationship.CONTAINS, Codes.CERTAINTY_OF_FINDING, Math.round(lesion.score() * 1000) / 10.0, Codes.PERCENT);
    }
}
