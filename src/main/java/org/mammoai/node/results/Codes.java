package org.mammoai.node.results;

import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.LesionClass;

/** The coded concepts our SEG and SR objects use (DCMR / SNOMED CT / UCUM), in one place. */
final class Codes {
    private Codes() {}

    static CodedSequenceItem dcm(String value, String meaning) {
        return code(value, "DCM", meaning);
    }

    static CodedSequenceItem sct(String value, String meaning) {
        return code(value, "SCT", meaning);
    }

    static CodedSequenceItem ucum(String value, String meaning) {
        return code(value, "UCUM", meaning);
    }

    static CodedSequenceItem code(String value, String scheme, String meaning) {
        try {
            return new CodedSequenceItem(value, scheme, meaning);
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a lesion of this class is, as SEG segment type and SR finding. */
    static CodedSequenceItem finding(LesionClass c) {
        return switch (c) {
            case BENIGN -> sct("3898006", "Neoplasm, benign");
            case MALIGNANT -> sct("86049000", "Malignant neoplasm, primary");
            case NORMAL -> throw new IllegalArgumentException("a normal image has no lesion class");
        };
    }

    static CodedSequenceItem lesionCategory() {
        return sct("49755003", "Morphologically abnormal structure");
    }

    static CodedSequenceItem procedure(Modality modality) {
        return modality == Modality.MAMMOGRAPHY ? sct("71651007", "Mammography") : sct("47079000", "Ultrasonography of breast");
    }

    static CodedSequenceItem artificialIntelligence() {
        return dcm("123110", "Artificial Intelligence");
    }

    static CodedSequenceItem processingSummary(boolean withFindings) {
        return withFindings ? dcm("111241", "All algorithms succeeded; with findings")
                : dcm("111242", "All algorithms succeeded; without findings");
    }
}
