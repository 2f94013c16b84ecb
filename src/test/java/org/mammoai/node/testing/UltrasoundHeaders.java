package org.mammoai.node.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.nio.charset.StandardCharsets;

/** The Sequence of Ultrasound Regions (PS3.3 C.8.5.5) a scanner writes, with one 2D B-mode region. */
final class UltrasoundHeaders {
    private UltrasoundHeaders() {}

    static void addRegion(AttributeList list, int columns, int rows, double deltaXcm, double deltaYcm) throws DicomException {
        AttributeList region = new AttributeList();
        put(region, 0x6012, "US", "1");   // Region Spatial Format: 2D
        put(region, 0x6014, "US", "1");   // Region Data Type: tissue
        put(region, 0x6016, "UL", "0");   // Region Flags
        put(region, 0x6018, "UL", "0");   // Region Location Min X0
        put(region, 0x601A, "UL", "0");   // ... Min Y0
        put(region, 0x601C, "UL", Integer.toString(columns - 1));
        put(region, 0x601E, "UL", Integer.toString(rows - 1));
        put(region, 0x6024, "US", "3");   // Physical Units X: cm
        put(region, 0x6026, "US", "3");   // Physical Units Y: cm
        put(region, 0x602C, "FD", Double.toString(deltaXcm));
        put(region, 0x602E, "FD", Double.toString(deltaYcm));
        SequenceAttribute seq = new SequenceAttribute(new AttributeTag(0x0018, 0x6011));
        seq.addItem(region);
        list.put(seq);
    }

    private static void put(AttributeList list, int element, String vr, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(new AttributeTag(0x0018, element), vr.getBytes(StandardCharsets.US_ASCII));
        a.addValue(value);
        list.put(a);
    }
}
