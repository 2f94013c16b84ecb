package org.mammoai.node.results;

import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;

/** A coded concept as DICOM writes it: code value, coding scheme designator, code meaning. */
public record Code(String value, String scheme, String meaning) {

    /** A new PixelMed item each time: PixelMed items are mutable attribute lists, so constants are not shared. */
    CodedSequenceItem item() {
        try {
            return new CodedSequenceItem(value, scheme, meaning);
        } catch (DicomException e) {
            throw new IllegalStateException("invalid code " + this, e);
        }
    }
}
