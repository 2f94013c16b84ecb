package org.mammoai.node.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;

/**
 * A binary DICOM Segmentation of one 2D image: one segment (and frame) per finding class present,
 * on the source's pixel grid. Built as an attribute list because PixelMed's SEG builder is made for
 * CT/MR volumes with a frame of reference, which projection mammograms lack.
 */
final class SegmentationWriter {
    // newer than PixelMed's 2022 dictionary
    private static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    private static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    private static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE = new AttributeTag(0x0062, 0x0007);
    private static final AttributeTag ALGORITHM_FAMILY_CODE_SEQUENCE = new AttributeTag(0x0066, 0x002F);
    private static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);
    private static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);

    private SegmentationWriter() {}

    /** The segment numbers, per class, this SEG uses (1-based, in class order); empty = no SEG. */
    static List<LesionClass> segments(ImageFindings findings) {
        List<LesionClass> classes = new ArrayList<>();
        for (LesionClass c : LesionClass.values()) {
            if (findings.lesions().stream().anyMatch(l -> l.lesionClass() == c)) classes.add(c);
        }
        return classes;
    }

    static AttributeList build(AttributeList source, ImageFindings findings, Mat lesionLabels, String sopInstanceUid,
                               DerivedObject.Equipment equipment) throws DicomException {
        List<LesionClass> segments = segments(findings);
        if (segments.isEmpty()) throw new IllegalArgumentException("no lesions: nothing to segment");
        AttributeList list = DerivedObject.start(source, ResultType.SEG, SOPClass.SegmentationStorage, sopInstanceUid, "SEG", equipment);
        String sourceClass = Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPClassUID);
        String sourceUid = Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPInstanceUID);
        int rows = lesionLabels.rows(), cols = lesionLabels.cols();

        Attrs.set(list, TagFromName.ImageType, "DERIVED", "PRIMARY");
        Attribute orientation = source.get(TagFromName.PatientOrientation);
        if (orientation != null) list.put(orientation); else Attrs.ensure(list, TagFromName.PatientOrientation);
        Attrs.set(list, TagFromName.SamplesPerPixel, 1);
        Attrs.set(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        Attrs.set(list, TagFromName.Rows, rows);
        Attrs.set(list, TagFromName.Columns, cols);
        Attrs.set(list, TagFromName.BitsAllocated, 1);
        Attrs.set(list, TagFromName.BitsStored, 1);
        Attrs.set(list, TagFromName.HighBit, 0);
        Attrs.set(list, TagFromName.PixelRepresentation, 0);
        Attrs.set(list, TagFromName.LossyImageCompression, "00");
        Attrs.set(list, TagFromName.SegmentationType, "BINARY");
        Attrs.set(list, TagFromName.ContentLabel, "LESIONS");
        Attrs.set(list, TagFromName.ContentDescription, "Breast lesions found by " + findings.model());
        Attrs.ensure(list, TagFromName.ContentCreatorName);
        Attrs.set(list, new CodeStringAttribute(SEGMENTS_OVERLAP), "NO");
        Attrs.set(list, TagFromName.NumberOfFrames, segments.size());

        for (int s = 0; s < segments.size(); s++) {
            AttributeList seg = Attrs.item(list, TagFromName.SegmentSequence);
            Attrs.set(seg, TagFromName.SegmentNumber, s + 1);
            Attrs.set(seg, TagFromName.SegmentLabel, segments.get(s).name().toLowerCase() + " lesion");
            Attrs.code(seg, TagFromName.SegmentedPropertyCategoryCodeSequence, Codes.lesionCategory());
            Attrs.code(seg, TagFromName.SegmentedPropertyTypeCodeSequence, Codes.finding(segments.get(s)));
            Attrs.set(seg, TagFromName.SegmentAlgorithmType, "AUTOMATIC");
            Attrs.set(seg, new LongStringAttribute(SEGMENT_ALGORITHM_NAME), findings.model());
            AttributeList algorithm = Attrs.item(seg, SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE);
            Attrs.code(algorithm, ALGORITHM_FAMILY_CODE_SEQUENCE, Codes.artificialIntelligence());
            Attrs.set(algorithm, new LongStringAttribute(ALGORITHM_NAME), findings.model());
            Attrs.set(algorithm, new LongStringAttribute(ALGORITHM_VERSION), findings.modelVersion());
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

        // the one source image, for every frame: in the shared functional groups
        AttributeList shared = Attrs.item(list, TagFromName.SharedFunctionalGroupsSequence);
        AttributeList derivation = Attrs.item(shared, TagFromName.DerivationImageSequence);
        AttributeList sourceRef = Attrs.item(derivation, TagFromName.SourceImageSequence);
        Attrs.set(sourceRef, TagFromName.ReferencedSOPClassUID, sourceClass);
        Attrs.set(sourceRef, TagFromName.ReferencedSOPInstanceUID, sourceUid);
        int analysedFrame = ReportContent.analysedFrame(source);
        if (analysedFrame > 0) Attrs.set(sourceRef, TagFromName.ReferencedFrameNumber, analysedFrame);
        Attrs.set(sourceRef, TagFromName.SpatialLocationsPreserved, "YES");
        Attrs.code(sourceRef, TagFromName.PurposeOfReferenceCodeSequence, Codes.dcm("121322", "Source image for image processing operation"));
        Attrs.code(derivation, TagFromName.DerivationCodeSequence, Codes.dcm("113076", "Segmentation"));
        for (int s = 0; s < segments.size(); s++) {
            AttributeList frame = Attrs.item(list, TagFromName.PerFrameFunctionalGroupsSequence);
            Attrs.set(Attrs.item(frame, TagFromName.FrameContentSequence), TagFromName.DimensionIndexValues, s + 1);
            Attrs.set(Attrs.item(frame, TagFromName.SegmentIdentificationSequence), TagFromName.ReferencedSegmentNumber, s + 1);
        }

        AttributeList series = Attrs.item(list, TagFromName.ReferencedSeriesSequence);
        Attrs.set(series, TagFromName.SeriesInstanceUID, Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SeriesInstanceUID));
        AttributeList instance = Attrs.item(series, TagFromName.ReferencedInstanceSequence);
        Attrs.set(instance, TagFromName.ReferencedSOPClassUID, sourceClass);
        Attrs.set(instance, TagFromName.ReferencedSOPInstanceUID, sourceUid);

        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(pack(lesionLabels, findings.lesions(), segments));
        list.put(pixels);
        return list;
    }

    /** Frames one after another, 1 bit per pixel, first pixel in the lowest bit (PS3.5 8.1.1), padded to even length. */
    static byte[] pack(Mat labels, List<Lesion> lesions, List<LesionClass> segments) {
        int rows = labels.rows(), cols = labels.cols();
        long pixelsPerFrame = (long) rows * cols;
        byte[] out = new byte[(int) ((pixelsPerFrame * segments.size() + 7) / 8 + 1) & ~1];
        LesionClass[] classOfLabel = new LesionClass[lesions.size() + 1];
        for (Lesion l : lesions) classOfLabel[l.number()] = l.lesionClass();
        IntIndexer px = labels.createIndexer();
        for (int f = 0; f < segments.size(); f++) {
            LesionClass wanted = segments.get(f);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int label = px.get(y, x);
                    if (label > 0 && classOfLabel[label] == wanted) {
                        long bit = f * pixelsPerFrame + (long) y * cols + x;
                        out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                    }
                }
            }
        }
        return out;
    }
}
