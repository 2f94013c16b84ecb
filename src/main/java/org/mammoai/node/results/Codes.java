package org.mammoai.node.results;

import org.mammoai.node.imaging.Laterality;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.LesionClass;

/** Every coded concept our SEG and SR objects use (DCMR, SNOMED CT, UCUM), by name, in one place. */
final class Codes {
    private Codes() {}

    // document titles and containers (DCMR)
    static final Code MAMMOGRAPHY_CAD_REPORT = dcm("111036", "Mammography CAD Report");
    static final Code IMAGING_MEASUREMENT_REPORT = dcm("126000", "Imaging Measurement Report");
    static final Code IMAGE_LIBRARY = dcm("111028", "Image Library");
    static final Code IMAGE_LIBRARY_GROUP = dcm("126200", "Image Library Group");
    static final Code IMAGING_MEASUREMENTS = dcm("126010", "Imaging Measurements");
    static final Code MEASUREMENT_GROUP = dcm("125007", "Measurement Group");
    static final Code QUALITATIVE_EVALUATIONS = new Code("C0034375", "UMLS", "Qualitative Evaluations");
    static final Code INDIVIDUAL_IMPRESSION = dcm("111034", "Individual Impression/Recommendation");

    // observer context (TID 1001, 1004) and language (TID 1204)
    static final Code OBSERVER_TYPE = dcm("121005", "Observer Type");
    static final Code DEVICE = dcm("121007", "Device");
    static final Code DEVICE_OBSERVER_UID = dcm("121012", "Device Observer UID");
    static final Code DEVICE_OBSERVER_NAME = dcm("121013", "Device Observer Name");
    static final Code DEVICE_OBSERVER_MANUFACTURER = dcm("121014", "Device Observer Manufacturer");
    static final Code LANGUAGE = dcm("121049", "Language of Content Item and Descendants");
    static final Code ENGLISH_US = new Code("en-US", "RFC5646", "English as used in the United States");
    static final Code PROCEDURE_REPORTED = dcm("121058", "Procedure reported");

    // algorithm identification (TID 4019)
    static final Code ALGORITHM_NAME = dcm("111001", "Algorithm Name");
    static final Code ALGORITHM_VERSION = dcm("111003", "Algorithm Version");
    static final Code ARTIFICIAL_INTELLIGENCE = dcm("123110", "Artificial Intelligence");

    // image library entry descriptors (TID 1602)
    static final Code IMAGE_LATERALITY = dcm("111027", "Image Laterality");
    static final Code IMAGE_VIEW = dcm("111031", "Image View");
    static final Code PATIENT_ORIENTATION_ROW = dcm("111044", "Patient Orientation Row");
    static final Code PATIENT_ORIENTATION_COLUMN = dcm("111043", "Patient Orientation Column");
    static final Code STUDY_DATE = dcm("111060", "Study Date");
    static final Code STUDY_TIME = dcm("111061", "Study Time");
    static final Code PIXEL_DATA_ROWS = dcm("110910", "Pixel Data Rows");
    static final Code PIXEL_DATA_COLUMNS = dcm("110911", "Pixel Data Columns");
    static final Code HORIZONTAL_PIXEL_SPACING = dcm("111026", "Horizontal Pixel Spacing");
    static final Code VERTICAL_PIXEL_SPACING = dcm("111066", "Vertical Pixel Spacing");
    static final Code COMMENT = dcm("121106", "Comment");

    // CAD findings (TID 4001, 4003, 4006) and CID 6047 CAD Processing and Findings Summary
    static final Code CAD_PROCESSING_AND_FINDINGS_SUMMARY = dcm("111017", "CAD Processing and Findings Summary");
    static final Code ALL_SUCCEEDED_WITHOUT_FINDINGS = dcm("111241", "All algorithms succeeded; without findings");
    static final Code ALL_SUCCEEDED_WITH_FINDINGS = dcm("111242", "All algorithms succeeded; with findings");
    static final Code RENDERING_INTENT = dcm("111056", "Rendering Intent");
    static final Code PRESENTATION_REQUIRED = dcm("111150", "Presentation Required: Rendering device is expected to present");
    static final Code SINGLE_IMAGE_FINDING = dcm("111059", "Single Image Finding");
    static final Code MASS = sct("4147007", "Mass");
    static final Code CERTAINTY_OF_FINDING = dcm("111012", "Certainty of Finding");
    static final Code CENTER = dcm("111010", "Center");
    static final Code OUTLINE = dcm("111041", "Outline");
    static final Code SUMMARY_OF_DETECTIONS = dcm("111064", "Summary of Detections");
    static final Code SUMMARY_OF_ANALYSES = dcm("111065", "Summary of Analyses");
    static final Code SUCCEEDED = dcm("111222", "Succeeded");

    // measurements (TID 1411)
    static final Code TRACKING_IDENTIFIER = dcm("112039", "Tracking Identifier");
    static final Code TRACKING_UID = dcm("112040", "Tracking Unique Identifier");
    static final Code FINDING = dcm("121071", "Finding");
    static final Code FINDING_SITE = sct("363698007", "Finding Site");
    static final Code LATERALITY = sct("272741003", "Laterality");
    static final Code REFERENCED_SEGMENT = dcm("121191", "Referenced Segment");
    static final Code SOURCE_SERIES_FOR_SEGMENTATION = dcm("121232", "Source series for segmentation");
    static final Code AREA = sct("42798000", "Area");

    // anatomy, laterality (CID 244), findings, procedures (SNOMED CT)
    static final Code BREAST = sct("76752008", "Breast");
    static final Code LEFT = sct("7771000", "Left");
    static final Code RIGHT = sct("24028007", "Right");
    static final Code BOTH = sct("51440002", "Right and left");
    static final Code BENIGN_NEOPLASM = sct("3898006", "Neoplasm, benign");
    static final Code MALIGNANT_NEOPLASM = sct("86049000", "Malignant neoplasm, primary");
    static final Code ABNORMAL_STRUCTURE = sct("49755003", "Morphologically abnormal structure");
    static final Code MAMMOGRAPHY = sct("71651007", "Mammography");
    static final Code BREAST_ULTRASOUND = sct("47079000", "Ultrasonography of breast");

    // derivation (SEG)
    static final Code SOURCE_IMAGE_FOR_PROCESSING = dcm("121322", "Source image for image processing operation");
    static final Code SEGMENTATION = dcm("113076", "Segmentation");

    // views (CID 4014) for images that give only View Position
    static final Code CRANIO_CAUDAL = sct("399162004", "cranio-caudal");
    static final Code MEDIO_LATERAL_OBLIQUE = sct("399368009", "medio-lateral oblique");
    static final Code MEDIO_LATERAL = sct("399260004", "medio-lateral");
    static final Code LATERO_MEDIAL = sct("399352003", "latero-medial");

    // units (UCUM)
    static final Code PERCENT = ucum("%", "Percent");
    static final Code MILLIMETER = ucum("mm", "millimeter");
    static final Code SQUARE_MILLIMETER = ucum("mm2", "square millimeter");
    static final Code PIXELS = ucum("{pixels}", "pixels");

    static Code summary(boolean withFindings) {
        return withFindings ? ALL_SUCCEEDED_WITH_FINDINGS : ALL_SUCCEEDED_WITHOUT_FINDINGS;
    }

    /** What a lesion of this class is, as SEG segment type and SR finding. */
    static Code finding(LesionClass c) {
        return switch (c) {
            case BENIGN -> BENIGN_NEOPLASM;
            case MALIGNANT -> MALIGNANT_NEOPLASM;
            case NORMAL -> throw new IllegalArgumentException("a normal image has no lesion class");
        };
    }

    static Code procedure(Modality modality) {
        return modality == Modality.MAMMOGRAPHY ? MAMMOGRAPHY : BREAST_ULTRASOUND;
    }

    /** null when the image does not say which breast. */
    static Code laterality(Laterality laterality) {
        return switch (laterality) {
            case LEFT -> LEFT;
            case RIGHT -> RIGHT;
            case BOTH -> BOTH;
            case UNKNOWN -> null;
        };
    }

    /** The image's own view code when it has one, else the CID 4014 code of its View Position; null when neither. */
    static Code view(SourceImage.View view) {
        if (view.code() != null) return new Code(view.code().value(), view.code().scheme(), view.code().meaning());
        return switch (view.position()) {
            case "CC" -> CRANIO_CAUDAL;
            case "MLO" -> MEDIO_LATERAL_OBLIQUE;
            case "ML" -> MEDIO_LATERAL;
            case "LM" -> LATERO_MEDIAL;
            default -> null;
        };
    }

    private static Code dcm(String value, String meaning) {
        return new Code(value, "DCM", meaning);
    }

    private static Code sct(String value, String meaning) {
        return new Code(value, "SCT", meaning);
    }

    private static Code ucum(String value, String meaning) {
        return new Code(value, "UCUM", meaning);
    }
}
