package org.mammoai.node.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * JPEG 2000 frames decoded by the system's OpenJPEG through our small JNI library (native/openjpeg, built by
 * native/setup.sh into native/lib). The pure-Java codec PixelMed uses takes several times as long on a
 * full-field mammogram; when the library is missing the node keeps using it.
 */
public final class OpenJpeg {
    private static final Logger LOG = Logger.getLogger(OpenJpeg.class);
    /** A path to the library, for a node started outside the repository. */
    public static final String LIBRARY_PROPERTY = "mammo.openjpeg.library";
    private static final String DEFAULT_LIBRARY = "native/lib/libmammo_openjpeg.so";
    private static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final String UNAVAILABLE = load();

    private OpenJpeg() {}

    /** The decoded frame's facts: bits of precision and whether the samples are signed. */
    public record Decoded(int precision, boolean signed) {}

    /** Whether frames can be decoded here. */
    public static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why not, when {@link #available()} is false. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Decodes the first component of one JPEG 2000 frame into 16-bit samples at {@code address} (the caller owns that
     * memory and has bounded its size).
     *
     * @param columns, rows the frame's full size, as the DICOM header gives it
     * @param reduce resolution levels not decoded: the result is {@link #reducedSide}(columns, reduce) wide, at most the
     *               stream's decomposition levels ({@link CodeStream#decompositionLevels})
     * @throws IOException naming what OpenJPEG found wrong, including a stream whose size is not the header's
     */
    static Decoded decode(byte[] frame, long address, long capacityBytes, int columns, int rows, int reduce) throws IOException {
        if (!available()) throw new IllegalStateException("OpenJPEG is not loaded: " + UNAVAILABLE);
        int[] facts = decode(frame, THREADS, address, capacityBytes, columns, rows, reduce);
        return new Decoded(facts[0], facts[1] != 0);
    }

    /** A side after skipping resolution levels (JPEG 2000 rounds up). */
    static int reducedSide(int side, int reduce) {
        return (int) (((long) side + (1L << reduce) - 1) >> reduce);
    }

    private static native int[] decode(byte[] frame, int threads, long address, long capacity, int columns, int rows, int reduce)
            throws IOException;

    private static String load() {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        Path file = Path.of(configured != null ? configured : DEFAULT_LIBRARY).toAbsolutePath();
        try {
            if (Files.isRegularFile(file)) {
                loadOnce(file);
            } else if (configured != null) {
                return logged(configured + " (" + LIBRARY_PROPERTY + ") does not exist");
            } else {
                System.loadLibrary("mammo_openjpeg"); // java.library.path, for an installed node
            }
            LOG.infof("JPEG 2000 frames are decoded by OpenJPEG (%s, %d threads)", file, THREADS);
            return null;
        } catch (UnsatisfiedLinkError e) {
            return logged(e.getMessage());
        }
    }

    /**
     * A JVM binds a library to one class loader; Quarkus's test and dev modes load this class again in their own,
     * so a second loader gets its own owner-only copy of the file.
     */
    private static void loadOnce(Path file) {
        try {
            System.load(file.toString());
        } catch (UnsatisfiedLinkError e) {
            if (!String.valueOf(e.getMessage()).contains("already loaded in another classloader")) throw e;
            try {
                Path copy = Files.createTempFile("mammo_openjpeg", ".so");
                Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                System.load(copy.toString());
            } catch (IOException io) {
                throw new UnsatisfiedLinkError(e.getMessage() + "; a copy could not be made: " + io.getMessage());
            }
        }
    }

    private static String logged(String reason) {
        LOG.infof("JPEG 2000 frames are decoded by the pure-Java codec: the OpenJPEG binding is not loaded (%s); "
                + "native/setup.sh builds it", reason);
        return reason;
    }
}
