package org.mammoai.node.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;

/** Terse attribute-list building on top of PixelMed (the VR comes from its dictionary). */
final class Attrs {
    private Attrs() {}

    static void set(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String v : values) a.addValue(v);
        list.put(a);
    }

    static void set(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    /** For tags PixelMed's 2022 dictionary lacks: the caller picks the VR by the attribute class. */
    static void set(AttributeList list, Attribute a, String... values) throws DicomException {
        for (String v : values) a.addValue(v);
        list.put(a);
    }

    /** Puts the attribute with no value when the list lacks it (Type 2: must be present, may be empty). */
    static void ensure(AttributeList list, AttributeTag tag) throws DicomException {
        if (list.get(tag) == null) list.put(AttributeFactory.newAttribute(tag));
    }

    /** Adds a sequence with one new item and returns the item. */
    static AttributeList item(AttributeList list, AttributeTag sequenceTag) {
        SequenceAttribute seq = (SequenceAttribute) list.get(sequenceTag);
        if (seq == null) {
            seq = new SequenceAttribute(sequenceTag);
            list.put(seq);
        }
        AttributeList item = new AttributeList();
        seq.addItem(item);
        return item;
    }

    static void emptySequence(AttributeList list, AttributeTag sequenceTag) {
        list.put(new SequenceAttribute(sequenceTag));
    }

    static void code(AttributeList list, AttributeTag sequenceTag, CodedSequenceItem code) {
        SequenceAttribute seq = new SequenceAttribute(sequenceTag);
        seq.addItem(code.getAttributeList());
        list.put(seq);
    }
}
