package org.mammoai.node.dicom;

/** Upper-layer PDUs (PS3.8 9.3): the types, and the few we send whole. Lengths are big endian. */
final class Pdu {
    static final int A_ASSOCIATE_RQ = 0x01;
    static final int A_ASSOCIATE_AC = 0x02;
    static final int P_DATA_TF = 0x04;
    static final int A_RELEASE_RQ = 0x05;
    static final int A_RELEASE_RP = 0x06;
    static final int A_ABORT = 0x07;
    /** A-ABORT reasons (PS3.8 9.3.8). */
    static final int UNEXPECTED_PDU = 2;
    static final int UNEXPECTED_PDU_PARAMETER = 5;
    static final int INVALID_PDU_PARAMETER = 6;

    private Pdu() {}

    static byte[] of(int type, byte[] body) {
        byte[] pdu = new byte[6 + body.length];
        pdu[0] = (byte) type;
        putInt(pdu, 2, body.length);
        System.arraycopy(body, 0, pdu, 6, body.length);
        return pdu;
    }

    /** A-ABORT from the service provider with the reason given. */
    static byte[] abort(int reason) {
        return new byte[] {A_ABORT, 0, 0, 0, 0, 4, 0, 0, 2, (byte) reason};
    }

    static byte[] releaseResponse() {
        return new byte[] {A_RELEASE_RP, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** A P-DATA-TF holding one whole command set in one PDV (responses are a few hundred bytes). */
    static byte[] command(int contextId, byte[] commandSet) {
        byte[] pdv = new byte[6 + commandSet.length];
        putInt(pdv, 0, 2 + commandSet.length);
        pdv[4] = (byte) contextId;
        pdv[5] = 0x03; // command, last fragment
        System.arraycopy(commandSet, 0, pdv, 6, commandSet.length);
        return of(P_DATA_TF, pdv);
    }

    static long uint32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
