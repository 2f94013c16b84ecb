package org.mammoai.node.store;

import java.nio.file.Path;
import java.util.Set;

/**
 * A received image is acknowledged only when it is whole and its pixels are what its header says: the data set
 * parses to its end, native Pixel Data is exactly Rows x Columns x frames x samples x bits long, encapsulated Pixel
 * Data holds at least one fragment per frame, and a frame is within the AE's pixel limit.
 */
final class ReceivedObjectCheck {
    private static final Set<String> NATIVE = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2");

    private ReceivedObjectCheck() {}

    static void verify(Path file, InstanceHeader h, ObjectLimits limits) throws MalformedInstanceException {
        if (h.rows() == null || h.columns() == null || h.rows() < 1 || h.columns() < 1) {
            throw new MalformedInstanceException("Rows and Columns are missing or zero");
        }
        long pixelsPerFrame = (long) h.rows() * h.columns();
        if (pixelsPerFrame > limits.maxPixelsPerFrame()) {
            throw new MalformedInstanceException(h.columns() + " x " + h.rows() + " pixels per frame exceed this node's limit of "
                    + limits.maxPixelsPerFrame());
        }
        int frames = h.numberOfFrames() == null ? 1 : h.numberOfFrames();
        if (frames < 1) throw new MalformedInstanceException("Number of Frames is " + frames);
        DatasetStructure.Walked walked = DatasetStructure.walk(file);
        if (!walked.hasPixelData()) throw new MalformedInstanceException("the image has no Pixel Data");
        boolean nativeSyntax = NATIVE.contains(h.transferSyntaxUid());
        if (nativeSyntax) {
            if (walked.pixelDataLength() < 0) throw new MalformedInstanceException("Pixel Data is encapsulated in a native transfer syntax");
            int bits = h.bitsAllocated() == null ? 0 : h.bitsAllocated();
            int samples = h.samplesPerPixel() == null ? 1 : h.samplesPerPixel();
            if (bits != 1 && bits != 8 && bits != 16 && bits != 32) throw new MalformedInstanceException("Bits Allocated is " + bits);
            if (samples != 1 && samples != 3) throw new MalformedInstanceException("Samples per Pixel is " + samples);
            long expected = (pixelsPerFrame * frames * samples * bits + 7) / 8;
            long padded = expected + (expected & 1);
            if (walked.pixelDataLength() != padded) {
                throw new MalformedInstanceException("Pixel Data holds " + walked.pixelDataLength() + " bytes; " + h.columns() + " x " + h.rows()
                        + " x " + frames + " frame(s) x " + samples + " sample(s) x " + bits + " bits need " + padded);
            }
        } else if (walked.pixelDataLength() >= 0) {
            throw new MalformedInstanceException("Pixel Data is not encapsulated in the compressed transfer syntax " + h.transferSyntaxUid());
        } else if (walked.fragments() < frames) {
            throw new MalformedInstanceException("encapsulated Pixel Data holds " + walked.fragments() + " fragment(s) for " + frames + " frame(s)");
        }
    }
}
