package org.mammoai.node.imaging;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes one frame of a stored image into what {@link Preprocessor} takes: 16-bit, MONOCHROME2
 * (brighter = denser), with the first VOI window applied when the image has one. PixelMed
 * decompresses every transfer syntax the node accepts (pixelmed-imageio: JPEG lossless;
 * jai-imageio: JPEG 2000); colour ultrasound is reduced to luminance.
 */
public final class DicomPixels {
    /** The largest frame decoded (about 3 GB of working memory); the receiver's configured limit is at most this. */
    public static final long MAX_PIXELS_PER_FRAME = 1L << 28;

    private DicomPixels() {}

    public static Mat decode(Path file, int frame) throws IOException, DicomException {
        return DicomImage.read(file).decode(frame, file.toString());
    }

    /** @param name says which object failed in error messages */
    public static Mat decode(AttributeList list, int frame, String name) throws DicomException {
        long pixels = (long) Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0)
                * Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        if (pixels > MAX_PIXELS_PER_FRAME) { // checked before the decoder allocates the frame
            throw new DicomException(name + " declares " + pixels + " pixels per frame, more than " + MAX_PIXELS_PER_FRAME + " decoded here");
        }
        SourceImage source = new SourceImage(list);
        if (frame < 0 || frame >= source.getNumberOfBufferedImages()) {
            throw new DicomException(name + " has " + source.getNumberOfBufferedImages() + " frame(s), not frame " + frame);
        }
        BufferedImage image = source.getBufferedImage(frame);
        int w = image.getWidth(), h = image.getHeight();
        double[] values = luminance(image);

        double slope = number(list, TagFromName.RescaleSlope, 1), intercept = number(list, TagFromName.RescaleIntercept, 0);
        double center = number(list, TagFromName.WindowCenter, Double.NaN), width = number(list, TagFromName.WindowWidth, Double.NaN);
        boolean windowed = !Double.isNaN(center) && !Double.isNaN(width) && width >= 1;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] * slope + intercept;
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        if (windowed) { // PS3.3 C.11.2.1.2 linear window
            lo = center - 0.5 - (width - 1) / 2;
            hi = center - 0.5 + (width - 1) / 2;
        }
        boolean invert = "MONOCHROME1".equals(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation));
        double range = Math.max(hi - lo, 1e-9);
        short[] mapped = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = Math.min(1, Math.max(0, (values[i] - lo) / range));
            mapped[i] = (short) Math.round((invert ? 1 - v : v) * 65535);
        }
        Mat out = new Mat(h, w, CV_16U);
        new ShortPointer(out.data()).put(mapped); // one bulk copy instead of an indexer call per pixel
        return out;
    }

    private static double[] luminance(BufferedImage image) {
        Raster r = image.getRaster();
        int w = image.getWidth(), h = image.getHeight(), bands = r.getNumBands();
        double[] out = new double[w * h];
        if (bands < 3) return r.getSamples(0, 0, w, h, 0, out); // grey: the first band, read in one call
        double[] red = r.getSamples(0, 0, w, h, 0, new double[w * h]), green = r.getSamples(0, 0, w, h, 1, new double[w * h]);
        double[] blue = r.getSamples(0, 0, w, h, 2, new double[w * h]);
        for (int i = 0; i < out.length; i++) out[i] = 0.299 * red[i] + 0.587 * green[i] + 0.114 * blue[i];
        return out;
    }

    /** The first value of a numeric attribute (window attributes may hold several), or the fallback. */
    private static double number(AttributeList list, com.pixelmed.dicom.AttributeTag tag, double fallback) {
        Attribute a = list.get(tag);
        try {
            double[] v = a == null ? null : a.getDoubleValues();
            return v == null || v.length == 0 ? fallback : v[0];
        } catch (DicomException e) {
            return fallback;
        }
    }
}
