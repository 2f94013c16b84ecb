package org.mammoai.node.imaging;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;

/**
 * Physical pixel size of an ultrasound image from its Sequence of Ultrasound Regions (PS3.3 C.8.5.5):
 * the largest 2D region whose X and Y units are centimetres. Tags by number: PixelMed's dictionary lacks some.
 */
final class UltrasoundRegions {
    static final AttributeTag SEQUENCE = new AttributeTag(0x0018, 0x6011);
    static final AttributeTag SPATIAL_FORMAT = new AttributeTag(0x0018, 0x6012);
    static final AttributeTag MIN_X0 = new AttributeTag(0x0018, 0x6018);
    static final AttributeTag MIN_Y0 = new AttributeTag(0x0018, 0x601A);
    static final AttributeTag MAX_X1 = new AttributeTag(0x0018, 0x601C);
    static final AttributeTag MAX_Y1 = new AttributeTag(0x0018, 0x601E);
    static final AttributeTag UNITS_X = new AttributeTag(0x0018, 0x6024);
    static final AttributeTag UNITS_Y = new AttributeTag(0x0018, 0x6026);
    static final AttributeTag DELTA_X = new AttributeTag(0x0018, 0x602C);
    static final AttributeTag DELTA_Y = new AttributeTag(0x0018, 0x602E);
    static final int FORMAT_2D = 1;
    static final int UNITS_CM = 3;

    private UltrasoundRegions() {}

    /** Row and column spacing in mm, or null when no region gives one (sizes are then reported in pixels). */
    static double[] spacing(AttributeList list) {
        if (!(list.get(SEQUENCE) instanceof SequenceAttribute regions)) return null;
        double[] best = null;
        long bestArea = -1;
        for (int i = 0; i < regions.getNumberOfItems(); i++) {
            SequenceItem item = regions.getItem(i);
            AttributeList r = item.getAttributeList();
            if (integer(r, SPATIAL_FORMAT) != FORMAT_2D || integer(r, UNITS_X) != UNITS_CM || integer(r, UNITS_Y) != UNITS_CM) continue;
            double dx = Attribute.getSingleDoubleValueOrDefault(r, DELTA_X, 0), dy = Attribute.getSingleDoubleValueOrDefault(r, DELTA_Y, 0);
            // a centimetre per pixel or more is not a breast ultrasound: treat as missing, not as truth
            if (!(dx > 0 && dy > 0 && dx < 1 && dy < 1)) continue;
            long area = Math.abs((long) integer(r, MAX_X1) - integer(r, MIN_X0)) * Math.abs((long) integer(r, MAX_Y1) - integer(r, MIN_Y0));
            if (area > bestArea) {
                bestArea = area;
                best = new double[] {dy * 10, dx * 10};
            }
        }
        return best;
    }

    private static long integer(AttributeList r, AttributeTag tag) {
        return Attribute.getSingleLongValueOrDefault(r, tag, -1);
    }
}
