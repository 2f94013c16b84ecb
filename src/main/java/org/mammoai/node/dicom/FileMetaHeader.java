package org.mammoai.node.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The preamble, "DICM" and File Meta Information (PS3.10 7.1) put before a received data set, which follows as it
 * arrived, in the negotiated transfer syntax. Group 0002 is always explicit VR little endian.
 */
final class FileMetaHeader {
    private static final int MAX_UID = 64;

    private FileMetaHeader() {}

    /**
     * @param sopClass the C-STORE request's values (peer data, cut to a UID's length here; the store checks them
     *                 against the data set's own and refuses a file whose values are not valid UIDs)
     */
    static byte[] of(String sopClass, String sopInstance, String transferSyntax, String sourceAeTitle) {
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        element(group, 0x0001, "OB", new byte[] {0, 1});
        element(group, 0x0002, "UI", uid(sopClass));
        element(group, 0x0003, "UI", uid(sopInstance));
        element(group, 0x0010, "UI", uid(transferSyntax));
        element(group, 0x0012, "UI", uid(Implementation.CLASS_UID));
        element(group, 0x0013, "SH", text(Implementation.VERSION_NAME));
        if (!sourceAeTitle.isEmpty()) element(group, 0x0016, "AE", text(sourceAeTitle));
        ByteArrayOutputStream out = new ByteArrayOutputStream(132 + 12 + group.size());
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] length = {(byte) group.size(), (byte) (group.size() >> 8), (byte) (group.size() >> 16), (byte) (group.size() >> 24)};
        element(out, 0x0000, "UL", length);
        out.writeBytes(group.toByteArray());
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.writeBytes(new byte[] {2, 0, (byte) element, (byte) (element >> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) { // PS3.5 7.1.2: reserved 2 bytes, then a 4-byte length
            out.writeBytes(new byte[] {0, 0, (byte) value.length, (byte) (value.length >> 8), (byte) (value.length >> 16), (byte) (value.length >> 24)});
        } else {
            out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >> 8)});
        }
        out.writeBytes(value);
    }

    /** NUL-padded to even length. */
    private static byte[] uid(String uid) {
        String cut = uid.length() > MAX_UID ? uid.substring(0, MAX_UID) : uid;
        return padded(cut.getBytes(StandardCharsets.US_ASCII), (byte) 0);
    }

    /** Space-padded to even length. */
    private static byte[] text(String s) {
        return padded(s.getBytes(StandardCharsets.US_ASCII), (byte) ' ');
    }

    private static byte[] padded(byte[] v, byte pad) {
        if ((v.length & 1) == 0) return v;
        byte[] p = java.util.Arrays.copyOf(v, v.length + 1);
        p[v.length] = pad;
        return p;
    }
}
