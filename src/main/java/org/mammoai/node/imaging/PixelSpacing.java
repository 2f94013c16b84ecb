package org.mammoai.node.imaging;

/**
 * The physical size of one pixel, in mm, and which attribute it came from, so reports can say what
 * their millimetres mean (PS3.3 10.7.1.3: for projection radiography they depend on the source).
 */
public record PixelSpacing(double rowMm, double columnMm, Source source) {

    public enum Source {
        /** Pixel Spacing calibrated by geometry or a fiducial (Pixel Spacing Calibration Type present). */
        CALIBRATED_PIXEL_SPACING("Pixel Spacing, calibrated"),
        /** Imager Pixel Spacing divided by the Estimated Radiographic Magnification Factor: at the breast. */
        IMAGER_PIXEL_SPACING_CORRECTED("Imager Pixel Spacing corrected by the Estimated Radiographic Magnification Factor"),
        /** Imager Pixel Spacing: at the detector, so sizes in the breast are slightly overstated. */
        IMAGER_PIXEL_SPACING("Imager Pixel Spacing (at the detector)"),
        /** Pixel Spacing of a cross-sectional or captured image. */
        PIXEL_SPACING("Pixel Spacing"),
        /** The physical deltas of the Sequence of Ultrasound Regions. */
        ULTRASOUND_REGION("Sequence of Ultrasound Regions");

        /** How a report states it. */
        public final String description;

        Source(String description) {
            this.description = description;
        }
    }

    public double pixelAreaMm2() {
        return rowMm * columnMm;
    }
}
