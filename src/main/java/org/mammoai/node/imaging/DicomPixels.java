package org.mammoai.node.imaging;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes one frame of a stored image into what {@link Preprocessor} takes: 16-bit, MONOCHROME2
 * (brighter = denser), with the first VOI window applied when the image has one. JPEG 2000 frames go to
 * OpenJPEG when its binding is loaded ({@link OpenJpeg}); everything else, and JPEG 2000 without it, to
 * PixelMed (pixelmed-imageio: JPEG lossless; jai-imageio: JPEG 2000); colour ultrasound is reduced to luminance.
 * The samples are copied in bulk and mapped by one OpenCV pass: no per-pixel Java loop for grey images.
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
        return decode(list, frame, name, Integer.MAX_VALUE);
    }

    /**
     * @param minSide the longer side the caller needs: JPEG 2000 frames decoded by OpenJPEG skip the resolution levels
     *                above it (a full-field frame for a 2048-pixel working grid: half size, a fraction of the work);
     *                other frames come at full size
     */
    public static Mat decode(AttributeList list, int frame, String name, int minSide) throws DicomException {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        if ((long) rows * columns > MAX_PIXELS_PER_FRAME) { // checked before any decoder allocates the frame
            throw new DicomException(name + " declares " + (long) rows * columns + " pixels per frame, more than " + MAX_PIXELS_PER_FRAME + " decoded here");
        }
        CodeStream kind = decodedHere(list);
        Mat lossless = kind == CodeStream.JPEG_LOSSLESS ? losslessJpeg(list, frame, name, rows, columns) : null;
        try (Mat raw = lossless != null ? lossless
                : kind == CodeStream.JPEG_2000 ? openJpeg(list, frame, name, rows, columns, minSide) : pixelMed(list, frame, name)) {
            return toMonochrome2(raw, list);
        }
    }

    /**
     * What this class decodes itself, PixelMed's codecs being several times slower: JPEG 2000 frames of a grey image
     * when OpenJPEG is loaded, JPEG lossless frames of an unsigned grey image ({@link LosslessJpeg}, which hands back what
     * it does not take); null for everything else, which PixelMed decodes.
     */
    static CodeStream decodedHere(AttributeList list) {
        if (!(list.get(TagFromName.PixelData) instanceof OtherByteAttributeMultipleCompressedFrames frames) || frames.getFrames().length == 0
                || Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1) != 1) {
            return null;
        }
        CodeStream kind = CodeStream.of(frames.getFrames()[0]);
        if (kind == CodeStream.JPEG_2000 && OpenJpeg.available()) return kind;
        if (kind == CodeStream.JPEG_LOSSLESS && Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 0) {
            return kind;
        }
        return null;
    }

    /** One frame of an image whose frames are still compressed ({@link #decodedHere} said so). */
    private static byte[] compressedFrame(AttributeList list, int frame, String name) throws DicomException {
        byte[][] frames = ((OtherByteAttributeMultipleCompressedFrames) list.get(TagFromName.PixelData)).getFrames();
        if (frame < 0 || frame >= frames.length) throw new DicomException(name + " has " + frames.length + " frame(s), not frame " + frame);
        return frames[frame];
    }

    /** The frame by {@link LosslessJpeg}, or null when it leaves this stream to PixelMed. */
    private static Mat losslessJpeg(AttributeList list, int frame, String name, int rows, int columns) throws DicomException {
        byte[] stream = compressedFrame(list, frame, name);
        short[] samples = new short[rows * columns]; // rows x columns bounded by the caller before this allocation
        try {
            if (!LosslessJpeg.decode(stream, columns, rows, samples)) return null;
        } catch (IOException e) {
            throw new DicomException(name + ": " + e.getMessage());
        }
        return filled(new Mat(rows, columns, CV_16U), m -> new ShortPointer(m.data()).put(samples));
    }

    private static Mat openJpeg(AttributeList list, int frame, String name, int fullRows, int fullColumns, int minSide) throws DicomException {
        byte[] stream = compressedFrame(list, frame, name);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        int reduce = 0, levels = CodeStream.decompositionLevels(stream);
        while (reduce < levels && OpenJpeg.reducedSide(Math.max(fullRows, fullColumns), reduce + 1) >= minSide) reduce++;
        int rows = OpenJpeg.reducedSide(fullRows, reduce), columns = OpenJpeg.reducedSide(fullColumns, reduce);
        Mat out = new Mat(rows, columns, signed ? CV_16S : CV_16U);
        try {
            OpenJpeg.Decoded decoded = OpenJpeg.decode(stream, out.data().address(), (long) rows * columns * 2, fullColumns, fullRows, reduce);
            if (decoded.signed() != signed) { // the stream's signedness decides how its samples were written
                Mat reinterpreted = new Mat(rows, columns, decoded.signed() ? CV_16S : CV_16U, out.data());
                Mat copy = reinterpreted.clone();
                out.close();
                return copy;
            }
            return out;
        } catch (IOException e) {
            out.close();
            throw new DicomException(name + ": " + e.getMessage());
        }
    }

    private static Mat pixelMed(AttributeList list, int frame, String name) throws DicomException {
        SourceImage source = new SourceImage(list);
        if (frame < 0 || frame >= source.getNumberOfBufferedImages()) {
            throw new DicomException(name + " has " + source.getNumberOfBufferedImages() + " frame(s), not frame " + frame);
        }
        return samples(source.getBufferedImage(frame));
    }

    /** The image's samples as a Mat of their own type (grey), or luminance as 32-bit floats (colour). */
    private static Mat samples(BufferedImage image) {
        Raster r = image.getRaster();
        int w = image.getWidth(), h = image.getHeight();
        if (r.getNumBands() == 1 && r.getSampleModel() instanceof ComponentSampleModel model && model.getPixelStride() == 1
                && model.getScanlineStride() == w && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0
                && r.getDataBuffer().getNumBanks() == 1 && r.getDataBuffer().getOffset() == 0 && model.getBandOffsets()[0] == 0) {
            DataBuffer data = r.getDataBuffer(); // the samples in row order: copied to native memory in one call
            // the backing array's length, not getSize(): PixelMed's buffers declare one row as their size
            if (data instanceof DataBufferByte b && b.getData().length >= w * h) {
                return filled(new Mat(h, w, CV_8U), m -> new BytePointer(m.data()).put(b.getData(), 0, w * h));
            }
            if (data instanceof DataBufferUShort u && u.getData().length >= w * h) {
                return filled(new Mat(h, w, CV_16U), m -> new ShortPointer(m.data()).put(u.getData(), 0, w * h));
            }
            if (data instanceof DataBufferShort s && s.getData().length >= w * h) {
                return filled(new Mat(h, w, CV_16S), m -> new ShortPointer(m.data()).put(s.getData(), 0, w * h));
            }
        }
        float[] out = new float[w * h];
        if (r.getNumBands() < 3) {
            r.getSamples(0, 0, w, h, 0, out);
        } else {
            float[] red = r.getSamples(0, 0, w, h, 0, new float[w * h]), green = r.getSamples(0, 0, w, h, 1, new float[w * h]);
            float[] blue = r.getSamples(0, 0, w, h, 2, new float[w * h]);
            for (int i = 0; i < out.length; i++) out[i] = 0.299f * red[i] + 0.587f * green[i] + 0.114f * blue[i];
        }
        Mat m = new Mat(h, w, CV_32F);
        new FloatPointer(m.data()).put(out);
        return m;
    }

    private static Mat filled(Mat m, java.util.function.Consumer<Mat> fill) {
        fill.accept(m);
        return m;
    }

    /**
     * Modality rescale, then the first VOI window (PS3.3 C.11.2.1.2, linear) or the full range, onto 0..65535,
     * inverted for MONOCHROME1: one linear map with saturation, so one OpenCV pass.
     */
    private static Mat toMonochrome2(Mat raw, AttributeList list) {
        double slope = number(list, TagFromName.RescaleSlope, 1), intercept = number(list, TagFromName.RescaleIntercept, 0);
        double center = number(list, TagFromName.WindowCenter, Double.NaN), width = number(list, TagFromName.WindowWidth, Double.NaN);
        double lo, hi;
        if (!Double.isNaN(center) && !Double.isNaN(width) && width >= 1) {
            lo = center - 0.5 - (width - 1) / 2;
            hi = center - 0.5 + (width - 1) / 2;
        } else {
            double[] min = {0}, max = {0};
            minMaxLoc(raw, min, max, null, null, null);
            double a = min[0] * slope + intercept, b = max[0] * slope + intercept;
            lo = Math.min(a, b);
            hi = Math.max(a, b);
        }
        double range = Math.max(hi - lo, 1e-9);
        double alpha = 65535 * slope / range, beta = 65535 * (intercept - lo) / range;
        if ("MONOCHROME1".equals(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation))) {
            alpha = -alpha;
            beta = 65535 - beta;
        }
        Mat out = new Mat();
        raw.convertTo(out, CV_16U, alpha, beta);
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
