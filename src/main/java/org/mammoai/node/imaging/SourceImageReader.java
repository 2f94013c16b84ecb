package org.mammoai.node.imaging;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Makes the {@link SourceImage} of a header: the one place later stages' knowledge of an image is read from DICOM. */
final class SourceImageReader {
    /** Modalities whose images are projections, where Pixel Spacing and Imager Pixel Spacing differ in meaning. */
    private static final Set<String> PROJECTION = Set.of("MG", "DX", "CR", "RG", "IO", "PX");
    private static final AttributeTag PIXEL_SPACING_CALIBRATION_TYPE = new AttributeTag(0x0028, 0x0A02);
    private static final AttributeTag ISSUER_OF_PATIENT_ID = new AttributeTag(0x0010, 0x0021);
    /** A pixel larger than this is a wrong header, not a breast image. */
    private static final double MAX_SPACING_MM = 5;

    private SourceImageReader() {}

    static SourceImage read(AttributeList list) {
        String modality = text(list, TagFromName.Modality);
        String imageLaterality = text(list, TagFromName.ImageLaterality);
        Laterality laterality = Laterality.of(imageLaterality.isEmpty() ? text(list, TagFromName.Laterality) : imageLaterality);
        return new SourceImage(text(list, TagFromName.StudyInstanceUID), text(list, TagFromName.SeriesInstanceUID),
                text(list, TagFromName.SOPClassUID), text(list, TagFromName.SOPInstanceUID), text(list, TagFromName.InstanceNumber),
                modality, patientStudy(list), laterality, view(list), values(list, TagFromName.PatientOrientation),
                spacing(list, modality), Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0),
                Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1)),
                new SourceImage.Descriptors(values(list, TagFromName.ImageType), text(list, TagFromName.PresentationIntentType),
                        text(list, TagFromName.BodyPartExamined), text(list, TagFromName.SeriesDescription)));
    }

    private static PatientStudy patientStudy(AttributeList list) {
        List<String> dropped = new ArrayList<>();
        Checked c = new Checked(list, dropped);
        String charset = String.join("\\", values(list, TagFromName.SpecificCharacterSet));
        if (!charset.matches("[A-Z0-9_ \\\\-]*")) {
            dropped.add("SpecificCharacterSet");
            charset = "";
        }
        return new PatientStudy(charset.isEmpty() ? null : charset, c.type2(TagFromName.PatientName, "PN"), c.type2(TagFromName.PatientID, "LO"),
                c.type3(ISSUER_OF_PATIENT_ID, "LO"), c.type2(TagFromName.PatientBirthDate, "DA"), sex(c.type2(TagFromName.PatientSex, "CS"), dropped),
                c.type3(TagFromName.PatientAge, "AS"), c.type2(TagFromName.StudyDate, "DA"), c.type2(TagFromName.StudyTime, "TM"),
                c.type2(TagFromName.ReferringPhysicianName, "PN"), c.type2(TagFromName.StudyID, "SH"),
                c.type2(TagFromName.AccessionNumber, "SH"), c.type3(TagFromName.StudyDescription, "LO"), List.copyOf(dropped));
    }

    /** Source values through the VR check: an invalid one is dropped and its keyword noted. */
    private record Checked(AttributeList list, List<String> dropped) {
        String type2(AttributeTag tag, String vr) {
            String v = type3(tag, vr);
            return v == null ? "" : v;
        }

        String type3(AttributeTag tag, String vr) {
            Attribute a = list.get(tag);
            if (a == null) return null;
            String v = Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
            if (a.getVM() > 1 || (!v.isEmpty() && !VrValues.valid(vr, v))) {
                dropped.add(list.getDictionary().getNameFromTag(tag) == null ? tag.toString() : list.getDictionary().getNameFromTag(tag));
                return null;
            }
            return v.isEmpty() ? null : v;
        }
    }

    private static String sex(String value, List<String> dropped) {
        if (value.isEmpty() || Set.of("M", "F", "O").contains(value)) return value;
        dropped.add("PatientSex");
        return "";
    }

    private static SourceImage.View view(AttributeList list) {
        SourceImage.CodedValue code = null;
        List<String> modifiers = new ArrayList<>();
        if (list.get(TagFromName.ViewCodeSequence) instanceof SequenceAttribute seq && seq.getNumberOfItems() > 0) {
            AttributeList item = seq.getItem(0).getAttributeList();
            String value = text(item, TagFromName.CodeValue), scheme = text(item, TagFromName.CodingSchemeDesignator);
            String meaning = text(item, TagFromName.CodeMeaning);
            if (VrValues.valid("SH", value) && !value.isEmpty() && VrValues.valid("SH", scheme) && !scheme.isEmpty()
                    && VrValues.valid("LO", meaning) && !meaning.isEmpty()) {
                code = new SourceImage.CodedValue(value, scheme, meaning);
            }
            if (item.get(TagFromName.ViewModifierCodeSequence) instanceof SequenceAttribute mods) {
                for (int i = 0; i < mods.getNumberOfItems(); i++) modifiers.add(text(mods.getItem(i).getAttributeList(), TagFromName.CodeMeaning));
            }
        }
        String position = text(list, TagFromName.ViewPosition).toUpperCase(java.util.Locale.ROOT);
        return new SourceImage.View(VrValues.valid("CS", position) ? position : "", code, List.copyOf(modifiers));
    }

    /**
     * PS3.3 10.7.1.3: in a projection image Pixel Spacing means something only with a calibration type; otherwise
     * Imager Pixel Spacing (at the detector), corrected by the magnification factor where the header gives one.
     */
    static PixelSpacing spacing(AttributeList list, String modality) {
        if ("US".equals(modality)) {
            double[] us = UltrasoundRegions.spacing(list);
            return us == null ? null : new PixelSpacing(us[0], us[1], PixelSpacing.Source.ULTRASOUND_REGION);
        }
        double[] pixel = pair(list, TagFromName.PixelSpacing);
        double[] imager = pair(list, TagFromName.ImagerPixelSpacing);
        boolean projection = PROJECTION.contains(modality) || imager != null;
        if (!projection) return pixel == null ? null : new PixelSpacing(pixel[0], pixel[1], PixelSpacing.Source.PIXEL_SPACING);
        if (pixel != null && !text(list, PIXEL_SPACING_CALIBRATION_TYPE).isEmpty()) {
            return new PixelSpacing(pixel[0], pixel[1], PixelSpacing.Source.CALIBRATED_PIXEL_SPACING);
        }
        if (imager == null) return null;
        double magnification = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.EstimatedRadiographicMagnificationFactor, 0);
        if (magnification >= 1 && magnification < 10) {
            return new PixelSpacing(imager[0] / magnification, imager[1] / magnification, PixelSpacing.Source.IMAGER_PIXEL_SPACING_CORRECTED);
        }
        return new PixelSpacing(imager[0], imager[1], PixelSpacing.Source.IMAGER_PIXEL_SPACING);
    }

    /** A row/column spacing pair, or null when absent, malformed or not a plausible size. */
    private static double[] pair(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        try {
            double[] v = a == null ? null : a.getDoubleValues();
            return v != null && v.length == 2 && Arrays.stream(v).allMatch(x -> x > 0 && x < MAX_SPACING_MM) ? v : null;
        } catch (DicomException | NumberFormatException e) {
            return null;
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    private static List<String> values(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        try {
            String[] v = a == null ? null : a.getStringValues();
            return v == null ? List.of() : Arrays.stream(v).map(String::trim).toList();
        } catch (DicomException e) {
            return List.of();
        }
    }
}
