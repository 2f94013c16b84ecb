package org.mammoai.node.store;

import com.pixelmed.dicom.StoredFilePathStrategy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of files being received. PixelMed names them after the Affected SOP Instance UID of the C-STORE request,
 * which is peer data: "../../x" would write outside the spool. We name them by a hash of that UID instead (one flat
 * name, no separators), and check the data set's UID against it after reception.
 */
public final class ReceivedFileNames extends StoredFilePathStrategy {
    public static final ReceivedFileNames STRATEGY = new ReceivedFileNames();

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

    @Override
    public String makeStoredFilePath(String sopInstanceUid) {
        return forUid(sopInstanceUid);
    }

    @Override
    public File makeStoredFilePath(File folder, String sopInstanceUid) {
        return new File(folder, forUid(sopInstanceUid));
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid) {
        return makeStoredFilePath(folder, sopInstanceUid);
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid, String alternativeSubfolder) {
        return makeStoredFilePath(folder, sopInstanceUid);
    }

    @Override
    public File makeAlternativeStoredFilePath(File folder, String sopInstanceUid, String alternativeSubfolder) {
        return makeStoredFilePath(folder, sopInstanceUid);
    }

    @Override
    public String toString() {
        return "by hash of SOP Instance UID";
    }
}
