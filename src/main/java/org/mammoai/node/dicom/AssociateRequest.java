package org.mammoai.node.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first PDU of an association, read off the socket before PixelMed sees it, because PixelMed's
 * acceptor has no hook to check the calling AE title (PS3.8 9.3.2: AE titles at fixed offsets).
 */
record AssociateRequest(byte[] pdu, String calledAeTitle, String callingAeTitle) {

    private static final int PDU_TYPE_ASSOCIATE_RQ = 0x01;
    private static final int FIXED_PART_LENGTH = 68;
    /** A-ASSOCIATE-RQ carries only negotiation items; anything this large is not a real request. */
    private static final int MAX_LENGTH = 1 << 20;

    /** Reads one whole PDU; throws if it is not a plausible A-ASSOCIATE-RQ. */
    static AssociateRequest read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new EOFException("connection closed before an A-ASSOCIATE-RQ");
        }
        if ((header[0] & 0xff) != PDU_TYPE_ASSOCIATE_RQ) {
            throw new IOException("first PDU is type 0x" + Integer.toHexString(header[0] & 0xff) + ", not A-ASSOCIATE-RQ");
        }
        long length = ((header[2] & 0xffL) << 24) | ((header[3] & 0xff) << 16) | ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        if (length < FIXED_PART_LENGTH || length > MAX_LENGTH) {
            throw new IOException("A-ASSOCIATE-RQ length " + length + " is out of range");
        }
        byte[] pdu = new byte[6 + (int) length];
        System.arraycopy(header, 0, pdu, 0, 6);
        if (in.readNBytes(pdu, 6, (int) length) < length) {
            throw new EOFException("A-ASSOCIATE-RQ truncated");
        }
        return new AssociateRequest(pdu, aeTitleAt(pdu, 10), aeTitleAt(pdu, 26));
    }

    private static String aeTitleAt(byte[] pdu, int offset) {
        return new String(pdu, offset, 16, StandardCharsets.US_ASCII).strip();
    }
}
