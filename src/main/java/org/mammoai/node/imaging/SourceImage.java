package org.mammoai.node.imaging;

import java.util.List;

/**
 * A received image as the later stages know it, read once from its header ({@link DicomImage}): identity,
 * patient and study (already sanitised), which breast and view, the pixel grid and its physical size.
 *
 * @param spacing null when the header gives no usable physical pixel size (sizes are then in pixels)
 * @param patientOrientation the row and column directions (e.g. "A", "FR"); empty when the header has none
 */
public record SourceImage(String studyUid, String seriesUid, String sopClassUid, String sopInstanceUid, String instanceNumber,
                          String modality, PatientStudy patientStudy, Laterality laterality, View view,
                          List<String> patientOrientation, PixelSpacing spacing, int rows, int columns, int frames,
                          Descriptors descriptors) {

    /**
     * The view: View Position and, when the image has one, its View Code Sequence item (the modality's own code).
     *
     * @param position e.g. "CC", "MLO"; empty when absent
     * @param code null when the image has no view code
     */
    public record View(String position, CodedValue code, List<String> modifierMeanings) {}

    /** A code as the source image carried it. */
    public record CodedValue(String value, String scheme, String meaning) {}

    /** What tells a diagnostic view from a scout, a specimen or a raw image. */
    public record Descriptors(List<String> imageType, String presentationIntentType, String bodyPartExamined, String seriesDescription) {}

    /** The frame the analysis used, for references into the source: 1 for a multi-frame image (its first), 0 for a single frame. */
    public int analysedFrame() {
        return frames > 1 ? 1 : 0;
    }
}
