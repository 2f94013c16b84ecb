package org.mammoai.node.imaging;

/** Which preprocessing (and which model) an image gets. */
public enum Modality {
    /** Mammography: breast-region crop with label/artifact removal and laterality flip. */
    MAMMOGRAPHY,
    /** Breast ultrasound: border crop only; every bright blob may be tissue. */
    ULTRASOUND
}
