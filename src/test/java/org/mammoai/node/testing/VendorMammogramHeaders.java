package org.mammoai.node.testing;

import static org.mammoai.node.testing.SyntheticDicom.put;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SignedShortAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.charset.StandardCharsets;

/**
 * The header of a full-field digital mammography unit (modelled on what a GE Senographe writes: equipment,
 * detector, exposure, positioner, view code, VOI windows, a private group), written by the project itself
 * so receive tests see realistic vendor attributes without any third-party file.
 */
final class VendorMammogramHeaders {
    private VendorMammogramHeaders() {}

    static void add(AttributeList list, String laterality, String view, int bitsStored) throws DicomException {
        boolean forProcessing = SyntheticDicom.MG_FOR_PROCESSING.equals(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID));
        list.remove(TagFromName.ConversionType); // secondary capture only
        put(list, TagFromName.ImageType, "ORIGINAL\\PRIMARY\\");
        put(list, TagFromName.PresentationIntentType, forProcessing ? "FOR PROCESSING" : "FOR PRESENTATION");
        put(list, TagFromName.SeriesDate, "20261122");
        put(list, TagFromName.SeriesTime, "101530");
        put(list, TagFromName.AcquisitionDate, "20261122");
        put(list, TagFromName.AcquisitionTime, "101600.250000");
        put(list, TagFromName.ContentDate, "20261122");
        put(list, TagFromName.ContentTime, "101602");
        put(list, TagFromName.Manufacturer, "GE MEDICAL SYSTEMS");
        put(list, TagFromName.InstitutionName, "Mammo AI Test Hospital");
        put(list, TagFromName.StationName, "MAMMO1");
        put(list, TagFromName.ManufacturerModelName, "Senograph DS ADS_43.10.1");
        put(list, TagFromName.DeviceSerialNumber, "87654");
        put(list, TagFromName.SoftwareVersions, "ADS_43.10.1");
        put(list, TagFromName.PatientAge, "066Y");
        put(list, TagFromName.BodyPartExamined, "BREAST");
        putVr(list, 0x0018, 0x0060, "DS", "29");
        put(list, TagFromName.DistanceSourceToDetector, "660");
        put(list, TagFromName.DistanceSourceToPatient, "630");
        put(list, TagFromName.EstimatedRadiographicMagnificationFactor, "1.0476");
        putVr(list, 0x0018, 0x1150, "IS", "1206");
        putVr(list, 0x0018, 0x1151, "IS", "56");
        putVr(list, 0x0018, 0x1152, "IS", "68");
        putVr(list, 0x0018, 0x1160, "SH", "STRIP");
        put(list, TagFromName.ImagerPixelSpacing, "0.1\\0.1");
        putVr(list, 0x0018, 0x1166, "CS", "RECIPROCATING");
        putVr(list, 0x0018, 0x1190, "DS", "0.3");
        putVr(list, 0x0018, 0x1191, "CS", "RHODIUM");
        put(list, TagFromName.BodyPartThickness, "52");
        putVr(list, 0x0018, 0x11A2, "DS", "110");
        putVr(list, 0x0018, 0x1508, "CS", "MAMMOGRAPHIC");
        putVr(list, 0x0018, 0x1510, "DS", "MLO".equals(view) ? ("L".equals(laterality) ? "45" : "-45") : "0");
        putVr(list, 0x0018, 0x7004, "CS", "SCINTILLATOR");
        putVr(list, 0x0018, 0x7005, "CS", "AREA");
        put(list, TagFromName.DetectorID, "PM980_03");
        putVr(list, 0x0018, 0x7020, "DS", "0.1\\0.1");
        putVr(list, 0x0018, 0x7022, "DS", "0.1\\0.1");
        putVr(list, 0x0018, 0x7050, "CS", "RHODIUM");
        putVr(list, 0x0018, 0x7060, "CS", "AUTOMATIC");
        putVr(list, 0x0040, 0x0316, "DS", "1.31");
        putVr(list, 0x0040, 0x8302, "DS", "5.9");
        put(list, TagFromName.FrameOfReferenceUID, SyntheticDicom.newUid());
        put(list, TagFromName.PositionReferenceIndicator, "");
        put(list, TagFromName.PatientOrientation, "L".equals(laterality) ? "A\\R" : "P\\L");
        putVr(list, 0x0040, 0x0318, "CS", "BREAST");
        putVr(list, 0x0028, 0x1300, "CS", "NO");
        putVr(list, 0x0028, 0x1350, "CS", "NO");
        put(list, TagFromName.QualityControlImage, "NO");
        put(list, TagFromName.BurnedInAnnotation, "NO");
        put(list, TagFromName.LossyImageCompression, "00");
        putVr(list, 0x0028, 0x1040, "CS", "LOG");
        SignedShortAttribute sign = new SignedShortAttribute(new AttributeTag(0x0028, 0x1041));
        sign.addValue(-1);
        list.put(sign);
        put(list, TagFromName.RescaleIntercept, "0");
        put(list, TagFromName.RescaleSlope, "1");
        put(list, TagFromName.RescaleType, "US");
        UnsignedShortAttribute padding = new UnsignedShortAttribute(TagFromName.PixelPaddingValue);
        padding.addValue(0);
        list.put(padding);
        // PS3.3 C.8.11.6: INVERSE goes with MONOCHROME1 (Hologic), IDENTITY with MONOCHROME2
        String lutShape = "MONOCHROME1".equals(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation))
                ? "INVERSE" : "IDENTITY";
        if (forProcessing) {
            put(list, TagFromName.PresentationLUTShape, lutShape);
        } else {
            put(list, TagFromName.PresentationLUTShape, lutShape);
            int full = 1 << bitsStored;
            put(list, TagFromName.WindowCenter, (full / 2) + "\\" + (full / 2 + 100));
            put(list, TagFromName.WindowWidth, full + "\\" + (full / 2));
            put(list, TagFromName.WindowCenterWidthExplanation, "NORMAL\\HARDER");
        }
        list.put(codeSequence(TagFromName.AnatomicRegionSequence, "76752008", "SCT", "Breast"));
        SequenceAttribute views = codeSequence(TagFromName.ViewCodeSequence, "MLO".equals(view) ? "399368009" : "399162004", "SCT",
                "MLO".equals(view) ? "medio-lateral oblique" : "cranio-caudal");
        ((SequenceAttribute) views).getItem(0).getAttributeList().put(new SequenceAttribute(TagFromName.ViewModifierCodeSequence));
        list.put(views);
        list.put(new SequenceAttribute(TagFromName.AcquisitionContextSequence));
        // a private group, as every vendor sends one
        AttributeTag creator = new AttributeTag(0x0045, 0x0010);
        LongStringAttribute privateCreator = new LongStringAttribute(creator);
        privateCreator.addValue("GEMS_SENO_02");
        list.put(privateCreator);
        LongStringAttribute privateValue = new LongStringAttribute(new AttributeTag(0x0045, 0x1006));
        privateValue.addValue("STANDARD");
        list.put(privateValue);
    }

    /** For the tags PixelMed's Debian dictionary lacks: VR given explicitly. */
    private static void putVr(AttributeList list, int group, int element, String vr, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(new AttributeTag(group, element), vr.getBytes(StandardCharsets.US_ASCII));
        a.addValue(value);
        list.put(a);
    }

    private static SequenceAttribute codeSequence(AttributeTag tag, String value, String scheme, String meaning) throws DicomException {
        SequenceAttribute seq = new SequenceAttribute(tag);
        AttributeList item = new AttributeList();
        put(item, TagFromName.CodeValue, value);
        put(item, TagFromName.CodingSchemeDesignator, scheme);
        put(item, TagFromName.CodeMeaning, meaning);
        seq.addItem(item);
        return seq;
    }
}
