package org.mammoai.node.imaging;

import java.util.HexFormat;
import java.util.Map;

/**
 * What an encapsulated frame holds, told from its first bytes (a JPEG SOI and its SOF marker, a JPEG 2000
 * SOC or JP2 signature) rather than from the transfer syntax, which some devices get wrong.
 */
enum CodeStream {
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG baseline"),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG extended"),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.70", "JPEG lossless"),
    JPEG_LS("1.2.840.10008.1.2.4.80", "JPEG-LS"),
    JPEG_2000("1.2.840.10008.1.2.4.90", "JPEG 2000"),
    UNKNOWN(null, "unknown");

    /** A transfer syntax whose decoder reads this kind of stream. */
    final String transferSyntax;
    final String description;

    CodeStream(String transferSyntax, String description) {
        this.transferSyntax = transferSyntax;
        this.description = description;
    }

    private static final Map<String, CodeStream> DECLARED = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", JPEG_BASELINE), Map.entry("1.2.840.10008.1.2.4.51", JPEG_EXTENDED),
            Map.entry("1.2.840.10008.1.2.4.57", JPEG_LOSSLESS), Map.entry("1.2.840.10008.1.2.4.70", JPEG_LOSSLESS),
            Map.entry("1.2.840.10008.1.2.4.80", JPEG_LS), Map.entry("1.2.840.10008.1.2.4.81", JPEG_LS),
            Map.entry("1.2.840.10008.1.2.4.90", JPEG_2000), Map.entry("1.2.840.10008.1.2.4.91", JPEG_2000));

    /** The kind of stream a transfer syntax promises, or null for a syntax that is not one of these. */
    static CodeStream declaredBy(String transferSyntax) {
        return DECLARED.get(transferSyntax);
    }

    static CodeStream of(byte[] frame) {
        if (frame == null || frame.length < 4) return UNKNOWN;
        if (u(frame, 0) == 0xFF && u(frame, 1) == 0x4F && u(frame, 2) == 0xFF && u(frame, 3) == 0x51) return JPEG_2000; // SOC, SIZ
        if (frame.length >= 12 && u(frame, 4) == 'j' && u(frame, 5) == 'P' && u(frame, 6) == ' ' && u(frame, 7) == ' ') return JPEG_2000;
        if (u(frame, 0) != 0xFF || u(frame, 1) != 0xD8) return UNKNOWN;
        // JPEG: walk the marker segments to the start of frame, which says the process
        int i = 2;
        while (i + 4 <= frame.length && u(frame, i) == 0xFF) {
            int marker = u(frame, i + 1);
            switch (marker) {
                case 0xC0: return JPEG_BASELINE;
                case 0xC1: return JPEG_EXTENDED;
                case 0xC3: return JPEG_LOSSLESS;
                case 0xF7: return JPEG_LS;
                default: i += 2 + ((u(frame, i + 2) << 8) | u(frame, i + 3));
            }
        }
        return UNKNOWN;
    }

    /**
     * The wavelet decomposition levels a JPEG 2000 codestream declares in its main header's COD marker (ISO 15444-1
     * A.6.1), or 0 when it cannot tell (JP2 files, a damaged header): resolution levels that may be skipped when decoding.
     */
    static int decompositionLevels(byte[] frame) {
        if (frame == null || frame.length < 4 || u(frame, 0) != 0xFF || u(frame, 1) != 0x4F) return 0;
        int i = 2;
        while (i + 4 <= frame.length && u(frame, i) == 0xFF) {
            int marker = u(frame, i + 1), length = (u(frame, i + 2) << 8) | u(frame, i + 3);
            if (marker == 0x52) return i + 9 < frame.length && length >= 12 ? u(frame, i + 9) : 0; // Scod, SGcod (4), then SPcod's levels
            if (marker == 0x90 || length < 2) return 0; // first tile-part: the main header ended without a COD
            i += 2 + length;
        }
        return 0;
    }

    /** The first bytes, for an error message a person can act on. */
    static String head(byte[] frame) {
        return frame == null ? "nothing" : HexFormat.ofDelimiter(" ").formatHex(frame, 0, Math.min(8, frame.length));
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
