package org.mammoai.node.imaging;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jboss.logging.Logger;

/** A stored image opened once: its typed header for every later stage, its pixels for the analysis. */
public final class DicomImage {
    private static final Logger LOG = Logger.getLogger(DicomImage.class);

    private final AttributeList list;
    private final SourceImage header;

    private DicomImage(AttributeList list) {
        this.list = list;
        this.header = SourceImageReader.read(list);
    }

    public static DicomImage read(Path file) throws IOException, DicomException {
        AttributeList raw = new AttributeList();
        raw.setDecompressPixelData(false); // frames we decode ourselves stay compressed until analysis asks for them
        raw.read(file.toFile());
        if (!(raw.get(TagFromName.PixelData) instanceof OtherByteAttributeMultipleCompressedFrames) || DicomPixels.decodedHere(raw) != null) {
            return new DicomImage(raw);
        }
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        String syntax = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        if (list.get(TagFromName.PixelData) == null && CodeStream.declaredBy(syntax) != null) {
            list = byContent(file, syntax); // PixelMed's decoder for the declared syntax found no frame: look at the stream
        }
        return new DicomImage(list);
    }

    /**
     * Reads the frames still compressed, tells their kind from their first bytes, and when the header names the
     * wrong syntax, decodes them with the syntax of what they are; otherwise says plainly what is wrong.
     */
    private static AttributeList byContent(Path file, String declaredSyntax) throws IOException, DicomException {
        AttributeList raw = new AttributeList();
        raw.setDecompressPixelData(false);
        raw.read(file.toFile());
        byte[] first = raw.get(TagFromName.PixelData) instanceof OtherByteAttributeMultipleCompressedFrames frames
                && frames.getFrames().length > 0 ? frames.getFrames()[0] : null;
        CodeStream declared = CodeStream.declaredBy(declaredSyntax), actual = CodeStream.of(first);
        if (actual == CodeStream.UNKNOWN) {
            throw new DicomException("Pixel Data is declared " + declared.description + " (" + declaredSyntax + ") but its first frame starts "
                    + CodeStream.head(first) + ", neither a JPEG nor a JPEG 2000 stream");
        }
        if (actual == declared) {
            throw new DicomException("the " + declared.description + " stream of the first frame cannot be decoded (it starts "
                    + CodeStream.head(first) + "): the data is damaged");
        }
        LOG.warnf("%s declares %s (%s) but its frames hold %s: decoded as what they are", file.getFileName(), declared.description,
                declaredSyntax, actual.description);
        Attribute syntax = new UniqueIdentifierAttribute(TagFromName.TransferSyntaxUID);
        syntax.addValue(actual.transferSyntax);
        raw.put(syntax);
        return raw;
    }

    /** An image already read (tests, and the receiver's checks). */
    public static DicomImage of(AttributeList list) {
        return new DicomImage(list);
    }

    public SourceImage header() {
        return header;
    }

    /** One frame as {@link DicomPixels} decodes it; name says which object failed in error messages. */
    public Mat decode(int frame, String name) throws DicomException {
        return DicomPixels.decode(list, frame, name);
    }

    /**
     * One frame at least minSide pixels on its longer side, or full size: smaller when the codec can skip resolution
     * levels. Its geometry is the header's rows and columns, whatever size the pixels come at.
     */
    public Mat decode(int frame, String name, int minSide) throws DicomException {
        return DicomPixels.decode(list, frame, name, minSide);
    }
}
