package org.mammoai.node.imaging;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** A stored image opened once: its typed header for every later stage, its pixels for the analysis. */
public final class DicomImage {
    private final AttributeList list;
    private final SourceImage header;

    private DicomImage(AttributeList list) {
        this.list = list;
        this.header = SourceImageReader.read(list);
    }

    public static DicomImage read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return new DicomImage(list);
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
}
