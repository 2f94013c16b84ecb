package org.mammoai.node.results;

import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;
import org.mammoai.node.imaging.PixelSpacing;
import org.mammoai.node.imaging.SourceImage;

/**
 * An image library entry with its TID 1602 descriptors: laterality, view, patient orientation, study date and
 * time, the pixel grid, and the pixel spacing the reported sizes used, with a comment naming its source.
 */
record ImageLibraryEntry(SourceImage image) {

    ContentTree.Reference reference() {
        return new ContentTree.Reference(image.seriesUid(), image.sopClassUid(), image.sopInstanceUid());
    }

    void addTo(ContentTree sr, ContentItem library) throws DicomException {
        ContentItem entry = sr.image(library, Relationship.CONTAINS, null, image.sopClassUid(), image.sopInstanceUid(),
                image.analysedFrame(), 0);
        Relationship acq = Relationship.HAS_ACQ_CONTEXT;
        Code laterality = Codes.laterality(image.laterality());
        if (laterality != null) sr.code(entry, acq, Codes.IMAGE_LATERALITY, laterality);
        Code view = Codes.view(image.view());
        if (view != null) sr.code(entry, acq, Codes.IMAGE_VIEW, view);
        if (image.patientOrientation().size() == 2 && image.patientOrientation().stream().noneMatch(String::isBlank)) {
            sr.text(entry, acq, Codes.PATIENT_ORIENTATION_ROW, image.patientOrientation().get(0));
            sr.text(entry, acq, Codes.PATIENT_ORIENTATION_COLUMN, image.patientOrientation().get(1));
        }
        if (!image.patientStudy().studyDate().isEmpty()) sr.date(entry, acq, Codes.STUDY_DATE, image.patientStudy().studyDate());
        if (!image.patientStudy().studyTime().isEmpty()) sr.time(entry, acq, Codes.STUDY_TIME, image.patientStudy().studyTime());
        sr.number(entry, acq, Codes.PIXEL_DATA_ROWS, image.rows(), Codes.PIXELS);
        sr.number(entry, acq, Codes.PIXEL_DATA_COLUMNS, image.columns(), Codes.PIXELS);
        PixelSpacing spacing = image.spacing();
        if (spacing != null) {
            sr.number(entry, acq, Codes.HORIZONTAL_PIXEL_SPACING, spacing.columnMm(), Codes.MILLIMETER);
            sr.number(entry, acq, Codes.VERTICAL_PIXEL_SPACING, spacing.rowMm(), Codes.MILLIMETER);
        }
        sr.text(entry, acq, Codes.COMMENT, spacing == null ? "No pixel spacing in the image: sizes are in pixels"
                : "Sizes in mm use " + spacing.source().description);
    }
}
