package org.mammoai.node.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.OtherWordAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** What tests compare between a sent and a stored file. */
public final class DicomFile {
    private DicomFile() {}

    /** The Pixel Data value as stored: raw bytes, or the compressed frames concatenated. */
    public static byte[] pixelData(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        Attribute a = list.get(TagFromName.PixelData);
        if (a == null) {
            throw new AssertionError("no Pixel Data in " + file);
        }
        if (a instanceof OtherByteAttributeMultipleCompressedFrames compressed) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] frame : compressed.getFrames()) {
                out.write(frame);
            }
            return out.toByteArray();
        }
        if (a instanceof OtherWordAttribute words) {
            ByteBuffer bytes = ByteBuffer.allocate(words.getVL() == 0 ? 0 : words.getShortValues().length * 2).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asShortBuffer().put(words.getShortValues());
            return bytes.array();
        }
        return a.getByteValues();
    }

    public static String transferSyntax(Path file) throws Exception {
        return header(file, TagFromName.TransferSyntaxUID);
    }

    public static String sopInstanceUid(Path file) throws Exception {
        return header(file, TagFromName.SOPInstanceUID);
    }

    private static String header(Path file, com.pixelmed.dicom.AttributeTag tag) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString(), TagFromName.PixelData);
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }
}
