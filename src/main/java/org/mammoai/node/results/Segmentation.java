package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnlimitedTextAttribute;
import java.util.List;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.LesionMask;

/**
 * The Segmentation IOD for one 2D image: a binary segment (and frame) per lesion, segment number = lesion
 * number, with the lesion's tracking identifiers and the breast and its laterality as anatomic region.
 * Built as an attribute list because PixelMed's SEG builder is made for CT/MR volumes with a frame of
 * reference, which projection mammograms lack.
 */
final class Segmentation {
    // newer than PixelMed's 2022 dictionary
    private static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    private static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    private static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE = new AttributeTag(0x0062, 0x0007);
    private static final AttributeTag ALGORITHM_FAMILY_CODE_SEQUENCE = new AttributeTag(0x0066, 0x002F);
    private static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);
    private static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);
    private static final AttributeTag SEGMENT_DESCRIPTION = new AttributeTag(0x0062, 0x0006);
    private static final AttributeTag TRACKING_ID = new AttributeTag(0x0062, 0x0020);
    private static final AttributeTag TRACKING_UID = new AttributeTag(0x0062, 0x0021);

    private Segmentation() {}

    static AttributeList build(SourceImage source, List<TrackedLesion> lesions, AlgorithmIdentification algorithm,
                               String sopInstanceUid, DerivedObject.Equipment equipment) throws DicomException {
        if (lesions.isEmpty()) throw new IllegalArgumentException("no lesions: nothing to segment");
        AttributeList list = DerivedObject.start(source, ResultType.SEG, SOPClass.SegmentationStorage, sopInstanceUid, "SEG",
                DerivedObject.instanceNumberOf(source), equipment);
        Attrs.set(list, TagFromName.ImageType, "DERIVED", "PRIMARY");
        if (source.patientOrientation().size() == 2) {
            Attrs.set(list, TagFromName.PatientOrientation, source.patientOrientation().toArray(String[]::new));
        } else {
            Attrs.ensure(list, TagFromName.PatientOrientation);
        }
        if (source.laterality().dicom.length() == 1) Attrs.set(list, TagFromName.ImageLaterality, source.laterality().dicom);
        Attrs.set(list, TagFromName.SamplesPerPixel, 1);
        Attrs.set(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        Attrs.set(list, TagFromName.Rows, source.rows());
        Attrs.set(list, TagFromName.Columns, source.columns());
        Attrs.set(list, TagFromName.BitsAllocated, 1);
        Attrs.set(list, TagFromName.BitsStored, 1);
        Attrs.set(list, TagFromName.HighBit, 0);
        Attrs.set(list, TagFromName.PixelRepresentation, 0);
        Attrs.set(list, TagFromName.LossyImageCompression, "00");
        Attrs.set(list, TagFromName.SegmentationType, "BINARY");
        Attrs.set(list, TagFromName.ContentLabel, "LESIONS");
        Attrs.set(list, TagFromName.ContentDescription, "Breast lesions found by " + algorithm.name());
        Attrs.ensure(list, TagFromName.ContentCreatorName);
        Attrs.set(list, new CodeStringAttribute(SEGMENTS_OVERLAP), "NO");
        Attrs.set(list, TagFromName.NumberOfFrames, lesions.size());

        Code laterality = Codes.laterality(source.laterality());
        for (TrackedLesion t : lesions) {
            AttributeList seg = Attrs.item(list, TagFromName.SegmentSequence);
            Attrs.set(seg, TagFromName.SegmentNumber, t.segmentNumber());
            Attrs.set(seg, TagFromName.SegmentLabel, t.trackingId());
            Attrs.set(seg, new ShortTextAttribute(SEGMENT_DESCRIPTION), t.lesion().lesionClass().name().toLowerCase() + " lesion, certainty "
                    + Math.round(t.lesion().score() * 100) + "%");
            Attrs.set(seg, new UnlimitedTextAttribute(TRACKING_ID), t.trackingId());
            Attrs.set(seg, new UniqueIdentifierAttribute(TRACKING_UID), t.trackingUid());
            AttributeList region = Attrs.item(seg, TagFromName.AnatomicRegionSequence);
            region.putAll(Codes.BREAST.item().getAttributeList());
            if (laterality != null) Attrs.code(region, TagFromName.AnatomicRegionModifierSequence, laterality.item());
            Attrs.code(seg, TagFromName.SegmentedPropertyCategoryCodeSequence, Codes.ABNORMAL_STRUCTURE.item());
            Attrs.code(seg, TagFromName.SegmentedPropertyTypeCodeSequence, Codes.finding(t.lesion().lesionClass()).item());
            Attrs.set(seg, TagFromName.SegmentAlgorithmType, "AUTOMATIC");
            Attrs.set(seg, new LongStringAttribute(SEGMENT_ALGORITHM_NAME), algorithm.name());
            AttributeList identification = Attrs.item(seg, SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE);
            Attrs.code(identification, ALGORITHM_FAMILY_CODE_SEQUENCE, Codes.ARTIFICIAL_INTELLIGENCE.item());
            Attrs.set(identification, new LongStringAttribute(ALGORITHM_NAME), algorithm.name());
            Attrs.set(identification, new LongStringAttribute(ALGORITHM_VERSION), algorithm.version());
        }

        String dimensionOrganization = Uids.random();
        Attrs.set(Attrs.item(list, TagFromName.DimensionOrganizationSequence), TagFromName.DimensionOrganizationUID, dimensionOrganization);
        AttributeList index = Attrs.item(list, TagFromName.DimensionIndexSequence);
        Attrs.set(index, TagFromName.DimensionOrganizationUID, dimensionOrganization);
        AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.DimensionIndexPointer);
        pointer.addValue(TagFromName.ReferencedSegmentNumber);
        index.put(pointer);
        AttributeTagAttribute group = new AttributeTagAttribute(TagFromName.FunctionalGroupPointer);
        group.addValue(TagFromName.SegmentIdentificationSequence);
        index.put(group);
        Attrs.set(index, TagFromName.DimensionDescriptionLabel, "Segment Number");

        // the source image in every frame's own functional groups, where viewers' loaders (dcmjs, OHIF) look for it
        Attrs.item(list, TagFromName.SharedFunctionalGroupsSequence);
        for (TrackedLesion t : lesions) {
            AttributeList frame = Attrs.item(list, TagFromName.PerFrameFunctionalGroupsSequence);
            AttributeList derivation = Attrs.item(frame, TagFromName.DerivationImageSequence);
            AttributeList sourceRef = Attrs.item(derivation, TagFromName.SourceImageSequence);
            Attrs.set(sourceRef, TagFromName.ReferencedSOPClassUID, source.sopClassUid());
            Attrs.set(sourceRef, TagFromName.ReferencedSOPInstanceUID, source.sopInstanceUid());
            if (source.analysedFrame() > 0) Attrs.set(sourceRef, TagFromName.ReferencedFrameNumber, source.analysedFrame());
            Attrs.set(sourceRef, TagFromName.SpatialLocationsPreserved, "YES");
            Attrs.code(sourceRef, TagFromName.PurposeOfReferenceCodeSequence, Codes.SOURCE_IMAGE_FOR_PROCESSING.item());
            Attrs.code(derivation, TagFromName.DerivationCodeSequence, Codes.SEGMENTATION.item());
            Attrs.set(Attrs.item(frame, TagFromName.FrameContentSequence), TagFromName.DimensionIndexValues, t.segmentNumber());
            Attrs.set(Attrs.item(frame, TagFromName.SegmentIdentificationSequence), TagFromName.ReferencedSegmentNumber, t.segmentNumber());
        }

        AttributeList series = Attrs.item(list, TagFromName.ReferencedSeriesSequence);
        Attrs.set(series, TagFromName.SeriesInstanceUID, source.seriesUid());
        AttributeList instance = Attrs.item(series, TagFromName.ReferencedInstanceSequence);
        Attrs.set(instance, TagFromName.ReferencedSOPClassUID, source.sopClassUid());
        Attrs.set(instance, TagFromName.ReferencedSOPInstanceUID, source.sopInstanceUid());

        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(pack(source.rows(), source.columns(), lesions.stream().map(TrackedLesion::mask).toList()));
        list.put(pixels);
        return list;
    }

    /**
     * Frame f is mask f, one after another, 1 bit per pixel, first pixel in the lowest bit (PS3.5 8.1.1), padded
     * to even length; only each mask's box is visited.
     */
    static byte[] pack(int rows, int cols, List<LesionMask> masks) {
        long pixelsPerFrame = (long) rows * cols;
        long bytes = ((pixelsPerFrame * masks.size() + 7) / 8 + 1) & ~1L;
        if (bytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(masks.size() + " frames of " + rows + "x" + cols + " do not fit one SEG");
        byte[] out = new byte[(int) bytes];
        for (int f = 0; f < masks.size(); f++) {
            LesionMask m = masks.get(f);
            for (int y = Math.max(0, m.y()); y < Math.min(rows, m.y() + m.height()); y++) {
                for (int x = Math.max(0, m.x()); x < Math.min(cols, m.x() + m.width()); x++) {
                    if (!m.contains(x, y)) continue;
                    long bit = f * pixelsPerFrame + (long) y * cols + x;
                    out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return out;
    }
}
