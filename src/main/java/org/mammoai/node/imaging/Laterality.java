package org.mammoai.node.imaging;

/** Which breast an image shows (Image Laterality, else Laterality); UNKNOWN when the header does not say. */
public enum Laterality {
    LEFT("L"), RIGHT("R"), BOTH("B"), UNKNOWN("");

    /** The DICOM code string. */
    public final String dicom;

    Laterality(String dicom) {
        this.dicom = dicom;
    }

    static Laterality of(String value) {
        for (Laterality l : values()) if (l != UNKNOWN && l.dicom.equals(value)) return l;
        return UNKNOWN;
    }
}
