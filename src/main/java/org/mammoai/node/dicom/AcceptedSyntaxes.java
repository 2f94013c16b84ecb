package org.mammoai.node.dicom;

import java.util.List;
import java.util.Set;

/**
 * What this node accepts: breast imaging storage SOP classes plus Verification, and only transfer
 * syntaxes our imaging code can decode (PixelMed, pixelmed-imageio for JPEG lossless, jai-imageio
 * for JPEG 2000). JPEG-LS and 12-bit lossy JPEG are left out so senders fall back to another one.
 */
public final class AcceptedSyntaxes {
    public static final String VERIFICATION = "1.2.840.10008.1.1";

    public static final Set<String> STORAGE_SOP_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.1.1.1.2",      // Digital Mammography X-Ray Image Storage - For Presentation
            "1.2.840.10008.5.1.4.1.1.1.2.1",    // Digital Mammography X-Ray Image Storage - For Processing
            "1.2.840.10008.5.1.4.1.1.13.1.3",   // Breast Tomosynthesis Image Storage
            "1.2.840.10008.5.1.4.1.1.13.1.4",   // Breast Projection X-Ray Image Storage - For Presentation
            "1.2.840.10008.5.1.4.1.1.13.1.5",   // Breast Projection X-Ray Image Storage - For Processing
            "1.2.840.10008.5.1.4.1.1.6.1",      // Ultrasound Image Storage
            "1.2.840.10008.5.1.4.1.1.3.1",      // Ultrasound Multi-frame Image Storage
            "1.2.840.10008.5.1.4.1.1.7");       // Secondary Capture Image Storage

    /** Decodable transfer syntaxes; within a context the sender's order decides. */
    public static final List<String> TRANSFER_SYNTAXES = List.of(
            "1.2.840.10008.1.2.1",      // Explicit VR Little Endian
            "1.2.840.10008.1.2",        // Implicit VR Little Endian
            "1.2.840.10008.1.2.1.99",   // Deflated Explicit VR Little Endian
            "1.2.840.10008.1.2.5",      // RLE Lossless
            "1.2.840.10008.1.2.4.70",   // JPEG Lossless, first-order prediction
            "1.2.840.10008.1.2.4.57",   // JPEG Lossless
            "1.2.840.10008.1.2.4.50",   // JPEG Baseline (8 bit)
            "1.2.840.10008.1.2.4.90",   // JPEG 2000 lossless
            "1.2.840.10008.1.2.4.91");  // JPEG 2000

    private AcceptedSyntaxes() {}

    /** The first of the sender's proposed transfer syntaxes that we accept: its order decides. */
    public static java.util.Optional<String> firstAccepted(List<String> proposed) {
        return proposed.stream().filter(TRANSFER_SYNTAXES::contains).findFirst();
    }

    public static boolean isAcceptedAbstractSyntax(String uid) {
        return VERIFICATION.equals(uid) || STORAGE_SOP_CLASSES.contains(uid);
    }
}
