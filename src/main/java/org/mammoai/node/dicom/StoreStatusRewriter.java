package org.mammoai.node.dicom;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What we send to one peer, PDU by PDU, so that a refused object gets a C-STORE-RSP with a failure status.
 * PixelMed's StorageSOPClassSCP can only answer Success or abort the whole association (losing the sender's
 * other objects with it); so our handler lets it answer, and this rewrites the Status (0000,0900) of that one
 * response. Our responses are small (A-ASSOCIATE-AC, C-ECHO/C-STORE-RSP, A-RELEASE-RP), so each PDU is held whole.
 * It also holds the A-RELEASE-RP back until a hook has run (the association's objects cataloged).
 */
final class StoreStatusRewriter extends FilterOutputStream {
    static final int PROCESSING_FAILURE = 0x0110;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int CANNOT_UNDERSTAND = 0xC000;
    private static final int P_DATA_TF = 0x04;
    private static final int A_RELEASE_RP = 0x06;
    private static final int C_STORE_RSP = 0x8001;

    private final ByteArrayOutputStream pdu = new ByteArrayOutputStream();
    private long pduLength = -1;
    private volatile int pendingStatus = -1;
    private volatile Runnable beforeRelease = () -> {};

    StoreStatusRewriter(OutputStream out) {
        super(out);
    }

    /** Runs before our A-RELEASE-RP goes out. */
    void beforeRelease(Runnable hook) {
        beforeRelease = hook;
    }

    /** The next C-STORE-RSP carries this status instead of Success. */
    void failNextStore(int status) {
        pendingStatus = status;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int i = off, end = off + len;
        while (i < end) {
            int need = pduLength < 0 ? 6 - pdu.size() : (int) (6 + pduLength - pdu.size());
            int n = Math.min(need, end - i);
            pdu.write(b, i, n);
            i += n;
            if (pduLength < 0 && pdu.size() == 6) {
                byte[] h = pdu.toByteArray();
                pduLength = ((h[2] & 0xffL) << 24) | ((h[3] & 0xff) << 16) | ((h[4] & 0xff) << 8) | (h[5] & 0xff);
            }
            if (pduLength >= 0 && pdu.size() == 6 + pduLength) {
                byte[] whole = pdu.toByteArray();
                if (pendingStatus >= 0 && rewrite(whole, pendingStatus)) pendingStatus = -1;
                if ((whole[0] & 0xff) == A_RELEASE_RP) beforeRelease.run();
                out.write(whole);
                pdu.reset();
                pduLength = -1;
            }
        }
    }

    /** Sets (0000,0900) in a P-DATA-TF whose command PDV is a C-STORE-RSP (implicit VR little endian). */
    static boolean rewrite(byte[] pdu, int status) {
        if ((pdu[0] & 0xff) != P_DATA_TF || pdu.length < 12 || (pdu[11] & 0x01) == 0) return false;
        int end = 6 + (int) (((pdu[6] & 0xffL) << 24) | ((pdu[7] & 0xff) << 16) | ((pdu[8] & 0xff) << 8) | (pdu[9] & 0xff));
        int statusAt = -1;
        boolean storeResponse = false;
        for (int p = 12; p + 8 <= Math.min(end, pdu.length); ) {
            int group = u16(pdu, p), element = u16(pdu, p + 2);
            int length = (int) ((pdu[p + 4] & 0xffL) | (pdu[p + 5] & 0xff) << 8 | (pdu[p + 6] & 0xff) << 16 | (long) (pdu[p + 7] & 0xff) << 24);
            if (group != 0 || length < 0 || p + 8 + length > pdu.length) return false;
            if (element == 0x0100 && length == 2) storeResponse = u16(pdu, p + 8) == C_STORE_RSP;
            if (element == 0x0900 && length == 2) statusAt = p + 8;
            p += 8 + length;
        }
        if (!storeResponse || statusAt < 0) return false;
        pdu[statusAt] = (byte) status;
        pdu[statusAt + 1] = (byte) (status >> 8);
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }
}
