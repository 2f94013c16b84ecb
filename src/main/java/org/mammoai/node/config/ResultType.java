package org.mammoai.node.config;

/** The result objects a destination AE can ask for in dicom-config (destinations[].results). */
public enum ResultType {
    /** DICOM Segmentation, one binary segment per lesion; only for images with lesions. */
    SEG,
    /** Mammography CAD SR (TID 4000), one per study covering its analysed mammograms, a new version per later image. */
    CAD_SR,
    /** Comprehensive SR with TID 1500 measurements referencing the SEG (OHIF and similar viewers). */
    TID1500_SR
}
