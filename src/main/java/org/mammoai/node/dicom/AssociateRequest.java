package org.mammoai.node.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first PDU of an association (PS3.8 9.3.2: AE titles at fixed offsets, then variable items), read whole and
 * checked before anything is accepted.
 */
record AssociateRequest(byte[] pdu, String calledAeTitle, String callingAeTitle) {

    private static final int FIXED_PART_LENGTH = 68;
    static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** A-ASSOCIATE-RQ carries only negotiation items; anything this large is not a real request. */
    private static final int MAX_LENGTH = 1 << 20;

    /** Reads one whole PDU; throws if it is not a plausible A-ASSOCIATE-RQ. */
    static AssociateRequest read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(6);
        if (header.length < 6) {
            throw new EOFException("connection closed before an A-ASSOCIATE-RQ");
        }
        if ((header[0] & 0xff) != Pdu.A_ASSOCIATE_RQ) {
            throw new InvalidPduException("first PDU is type 0x" + Integer.toHexString(header[0] & 0xff) + ", not A-ASSOCIATE-RQ");
        }
        long length = Pdu.uint32(header, 2);
        if (length < FIXED_PART_LENGTH || length > MAX_LENGTH) {
            throw new InvalidPduException("A-ASSOCIATE-RQ length " + length + " is out of range");
        }
        byte[] pdu = new byte[6 + (int) length];
        System.arraycopy(header, 0, pdu, 0, 6);
        if (in.readNBytes(pdu, 6, (int) length) < length) {
            throw new EOFException("A-ASSOCIATE-RQ truncated");
        }
        return new AssociateRequest(pdu, aeTitleAt(pdu, 10), aeTitleAt(pdu, 26));
    }

    /** A PDU whose items do not add up (PS3.8 9.3.2): answered with A-ABORT, not a rejection. */
    static final class InvalidPduException extends IOException {
        InvalidPduException(String message) {
            super(message);
        }
    }

    /**
     * What PS3.8 makes us refuse in an otherwise readable request: a protocol version without bit 0, an
     * application context other than DICOM's, no presentation context, or context IDs that are even or repeated.
     * @return the rejection, or null when the request may go on to the AE title checks
     * @throws InvalidPduException when an item's length runs past the PDU or the required items are missing
     */
    AssociateReject violation() throws InvalidPduException {
        if ((pdu[7] & 0x01) == 0) return AssociateReject.PROTOCOL_VERSION_NOT_SUPPORTED;
        String applicationContext = null;
        java.util.Set<Integer> contextIds = new java.util.HashSet<>();
        boolean repeatedOrEven = false;
        boolean userInformation = false;
        for (int[] item : items(6 + FIXED_PART_LENGTH, pdu.length)) {
            int type = item[0], at = item[1], length = item[2];
            switch (type) {
                case 0x10 -> applicationContext = ascii(at, length);
                case 0x20 -> {
                    if (length < 4) throw new InvalidPduException("presentation context item too short");
                    items(at + 4, at + length); // its sub-items must add up too
                    int id = pdu[at] & 0xff;
                    repeatedOrEven |= id % 2 == 0 || !contextIds.add(id);
                }
                case 0x50 -> userInformation = true;
                default -> { } // PS3.8 9.3.1: unknown items are ignored
            }
        }
        if (applicationContext == null || !userInformation) throw new InvalidPduException("application context or user information item missing");
        if (!DICOM_APPLICATION_CONTEXT.equals(applicationContext)) return AssociateReject.APPLICATION_CONTEXT_NOT_SUPPORTED;
        if (contextIds.isEmpty() || repeatedOrEven) return AssociateReject.BAD_PRESENTATION_CONTEXTS;
        return null;
    }

    /** One presentation context as proposed (PS3.8 9.3.2.2): its ID, abstract syntax and transfer syntaxes in the sender's order. */
    record ProposedContext(int id, String abstractSyntax, java.util.List<String> transferSyntaxes) {}

    /** The proposed presentation contexts, in the request's order. Call after {@link #violation()}. */
    java.util.List<ProposedContext> presentationContexts() throws InvalidPduException {
        java.util.List<ProposedContext> contexts = new java.util.ArrayList<>();
        for (int[] item : items(6 + FIXED_PART_LENGTH, pdu.length)) {
            if (item[0] != 0x20) continue;
            String abstractSyntax = "";
            java.util.List<String> transferSyntaxes = new java.util.ArrayList<>();
            for (int[] sub : items(item[1] + 4, item[1] + item[2])) {
                if (sub[0] == 0x30) abstractSyntax = ascii(sub[1], sub[2]);
                if (sub[0] == 0x40) transferSyntaxes.add(ascii(sub[1], sub[2]));
            }
            contexts.add(new ProposedContext(pdu[item[1]] & 0xff, abstractSyntax, java.util.List.copyOf(transferSyntaxes)));
        }
        return contexts;
    }

    /** The called and calling AE title fields as sent (32 bytes from offset 10), for the A-ASSOCIATE-AC to return unchanged. */
    byte[] aeTitleFields() {
        return java.util.Arrays.copyOfRange(pdu, 10, 42);
    }

    /** {type, value offset, value length} of each item (4-byte header: type, reserved, 2-byte length) in [from, end). */
    private java.util.List<int[]> items(int from, int end) throws InvalidPduException {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int p = from;
        while (p < end) {
            if (p + 4 > end) throw new InvalidPduException("an item header runs past its container");
            int type = pdu[p] & 0xff, length = (pdu[p + 2] & 0xff) << 8 | (pdu[p + 3] & 0xff);
            if (p + 4 + length > end) throw new InvalidPduException("item 0x" + Integer.toHexString(type) + " runs past its container");
            out.add(new int[] {type, p + 4, length});
            p += 4 + length;
        }
        return out;
    }

    /** A UID in an item: PS3.8 says unpadded, some peers pad with NUL. */
    private String ascii(int at, int length) {
        return new String(pdu, at, length, StandardCharsets.US_ASCII).replace("\0", "").strip();
    }

    /** Control and non-ASCII bytes become '?': the title is logged, and a peer must not write into our logs. */
    private static String aeTitleAt(byte[] pdu, int offset) {
        char[] title = new char[16];
        for (int i = 0; i < 16; i++) {
            int b = pdu[offset + i] & 0xff;
            title[i] = b >= 0x20 && b < 0x7f ? (char) b : '?';
        }
        return new String(title).strip();
    }
}
