package org.mammoai.node.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Follows the PDU headers (type, reserved byte, 4-byte length) of what the peer sends: so the listener can say in
 * one line how an association ended (PixelMed only logs a client abort as ERROR stack traces), and so a PDU longer
 * than we accept is refused before PixelMed sees its header and allocates a buffer of the declared length.
 */
final class PeerEndWatch extends FilterInputStream {
    static final int A_ASSOCIATE_RQ = 0x01;
    static final int P_DATA_TF = 0x04;
    static final int A_RELEASE_RQ = 0x05;
    static final int A_ABORT = 0x07;
    /** Other PDUs (release, abort) are a few bytes; the A-ASSOCIATE-RQ is checked by {@link AssociateRequest}. */
    static final long MAX_OTHER_PDU = 1 << 16;
    private static final int HEADER = 6;

    private final long maxPDataLength;
    private final OutputStream toPeer;

    private final byte[] header = new byte[HEADER];
    private int headerBytes;
    private long bodyLeft;
    private static final int PDV_HEADER = 6; // item length (4), presentation context ID, message control header
    private final byte[] pdvHeader = new byte[PDV_HEADER];
    private int pdvHeaderBytes;
    private long pdvLeft;
    private final java.util.Set<Integer> acceptedContextIds;
    private long pdus;
    private volatile int lastPduType = -1;
    private volatile boolean closedByPeer;
    private volatile String refused;

    /**
     * @param maxPDataLength our advertised Maximum Length Received: a P-DATA-TF PDU may not be longer (PS3.8 9.3.5)
     * @param toPeer where a refusal's A-ABORT goes: sent here, before PixelMed sees the failed read and closes
     * @param acceptedContextIds the only presentation context IDs a PDV may name (null: not checked)
     */
    PeerEndWatch(InputStream in, long maxPDataLength, OutputStream toPeer, java.util.Set<Integer> acceptedContextIds) {
        super(in);
        this.acceptedContextIds = acceptedContextIds;
        this.maxPDataLength = maxPDataLength;
        this.toPeer = toPeer;
    }

    /** Type of the last PDU whose header arrived, or -1. */
    int lastPduType() {
        return lastPduType;
    }

    /** The peer closed or reset the connection while we were reading. */
    boolean closedByPeer() {
        return closedByPeer;
    }

    @Override
    public int read() throws IOException {
        int b = watch(() -> super.read());
        if (b >= 0) see(new byte[] {(byte) b}, 0, 1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = watch(() -> super.read(buf, off, len));
        if (n > 0) see(buf, off, n);
        return n;
    }

    /** A PDU over the limit or of a type that has no place here: the association is aborted without reading its body. */
    static final class RefusedPduException extends IOException {
        RefusedPduException(String message) {
            super(message);
        }
    }

    /** Why the peer's input was refused, or null. */
    String refused() {
        return refused;
    }

    private interface Read {
        int run() throws IOException;
    }

    private int watch(Read read) throws IOException {
        try {
            int n = read.run();
            if (n < 0) closedByPeer = true;
            return n;
        } catch (java.net.SocketException e) {
            closedByPeer = true; // reset by peer; not our own close, which ends reading only after release
            throw e;
        }
    }

    /** A-ABORT to the peer (PS3.8 9.3.8, service provider, the reason given), then the read fails. */
    private void refuse(int reason, String why) throws IOException {
        refused = why;
        try {
            toPeer.write(AssociateReject.abortPdu(reason));
            toPeer.flush();
        } catch (IOException ignored) {
            // the peer may be gone already; the read fails all the same
        }
        throw new RefusedPduException(why);
    }

    /** PS3.8 9.3.5.1: a PDV's length covers its context ID and control header; its context must have been accepted. */
    private void startPdv() throws IOException {
        long length = ((pdvHeader[0] & 0xffL) << 24) | ((pdvHeader[1] & 0xff) << 16) | ((pdvHeader[2] & 0xff) << 8) | (pdvHeader[3] & 0xff);
        int contextId = pdvHeader[4] & 0xff;
        pdvHeaderBytes = 0;
        if (length < 2 || length - 2 > bodyLeft) refuse(6, "a PDV item declares " + length + " bytes, not within its P-DATA-TF PDU");
        if (!acceptedContextIds.contains(contextId)) refuse(6, "a PDV on presentation context " + contextId + ", which was not accepted");
        pdvLeft = length - 2;
    }

    private void see(byte[] buf, int off, int n) throws IOException {
        int i = off, end = off + n;
        while (i < end) {
            if (bodyLeft > 0 && lastPduType == P_DATA_TF && acceptedContextIds != null && pdvLeft == 0) {
                pdvHeader[pdvHeaderBytes++] = buf[i++];
                bodyLeft--;
                if (pdvHeaderBytes == PDV_HEADER) startPdv();
                continue;
            }
            if (bodyLeft > 0) {
                int skip = (int) Math.min(Math.min(bodyLeft, end - i), pdvLeft > 0 ? pdvLeft : Long.MAX_VALUE);
                bodyLeft -= skip;
                if (pdvLeft > 0) pdvLeft -= skip;
                i += skip;
                continue;
            }
            if (headerBytes == 0 && (pdvHeaderBytes > 0 || pdvLeft > 0)) refuse(6, "a PDV item runs past its P-DATA-TF PDU");
            header[headerBytes++] = buf[i++];
            if (headerBytes == HEADER) {
                lastPduType = header[0] & 0xff;
                bodyLeft = ((header[2] & 0xffL) << 24) | ((header[3] & 0xff) << 16) | ((header[4] & 0xff) << 8) | (header[5] & 0xff);
                headerBytes = 0;
                boolean replayedRequest = pdus++ == 0 && lastPduType == A_ASSOCIATE_RQ; // the listener replays it to PixelMed
                if (!replayedRequest && (lastPduType < P_DATA_TF || lastPduType > A_ABORT)) { // PS3.8 9.2: what may follow acceptance
                    refuse(2, "unexpected PDU type 0x" + Integer.toHexString(lastPduType) + " during the association");
                }
                long limit = lastPduType == P_DATA_TF ? maxPDataLength : MAX_OTHER_PDU;
                if (bodyLeft > limit) {
                    refuse(6, "a PDU of type 0x" + Integer.toHexString(lastPduType) + " declares " + bodyLeft
                            + " bytes, more than the " + limit + " we accept");
                }
            }
        }
    }
}
