package org.mammoai.node.store;

import org.mammoai.node.imaging.DicomPixels;

/**
 * What the receiving AE accepts in one object, checked before Success: a header may declare any image size, and
 * decoding a 40000 x 40000 frame would exhaust the memory of the analysis.
 */
public record ObjectLimits(long maxPixelsPerFrame) {
    /** Comfortably above the largest full-field mammography detectors (about 30 megapixels). */
    public static final long DEFAULT_MAX_PIXELS_PER_FRAME = 64L * 1024 * 1024;
    /** No configuration may accept more than the analysis decodes. */
    public static final long CEILING = DicomPixels.MAX_PIXELS_PER_FRAME;
}
