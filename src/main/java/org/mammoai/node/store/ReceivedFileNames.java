package org.mammoai.node.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of files being received. The C-STORE request's Affected SOP Instance UID is peer data: named after it, "../../x"
 * would write outside the spool. We name them by a hash of that UID instead (one flat name, no separators), and check
 * the data set's UID against it after reception.
 */
public final class ReceivedFileNames {
    private ReceivedFileNames() {}

    /** The file name an object with this (request) SOP Instance UID is received as; the UI padding (NUL) is not part of it. */
    public static String forUid(String sopInstanceUid) {
        String uid = sopInstanceUid.replaceAll("[\\x00 ]+$", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return "rx-" + HexFormat.of().formatHex(digest) + ".dcm";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
