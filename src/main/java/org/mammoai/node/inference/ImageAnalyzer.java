package org.mammoai.node.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import jakarta.enterprise.context.ApplicationScoped;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Size;
import org.mammoai.node.imaging.DicomImage;
import org.mammoai.node.imaging.GrayImage;
import org.mammoai.node.imaging.PixelSpacing;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;

/** One image through decoding, the training-time preprocessing, the modality's model and lesion extraction. */
@ApplicationScoped
public class ImageAnalyzer {
    /** The overlay's background is at most this many pixels on its longer side: a screen, not the detector. */
    static final int DISPLAY_SIZE = 2048;

    /**
     * The findings plus what result writers draw from, all on the source's pixel grid except the display image.
     *
     * @param masks masks.get(n - 1) is lesion n's
     * @param display the decoded image reduced to at most {@link #DISPLAY_SIZE} pixels, for the overlay
     * @param sourceColumns the analysed image's width (its header's, whatever size it was decoded at), which lesion
     *                      coordinates refer to
     */
    public record Analysis(ImageFindings findings, List<LesionMask> masks, GrayImage display, int sourceColumns, StageTimes times) {
        public Analysis(ImageFindings findings, List<LesionMask> masks, GrayImage display, int sourceColumns) {
            this(findings, masks, display, sourceColumns, StageTimes.NONE);
        }
    }

    /** Nanoseconds per step of one analysis: decoding the pixels, preprocessing, the model, lesions and display image. */
    public record StageTimes(long decode, long preprocess, long infer, long postprocess) {
        static final StageTimes NONE = new StageTimes(0, 0, 0, 0);

        StageTimes withDecode(long nanos) {
            return new StageTimes(nanos, preprocess, infer, postprocess);
        }
    }

    private final ModelRegistry models;

    public ImageAnalyzer(ModelRegistry models) {
        this.models = models;
    }

    /** Whether a model for this modality is bundled. */
    public boolean hasModel(Modality modality) {
        return models.forModality(modality).isPresent();
    }

    /** Why an image of this modality is not analysed when no model for it is bundled. */
    public static String noModel(Modality modality) {
        return "no " + modality.name().toLowerCase() + " model is bundled in models/";
    }

    public Analysis analyze(DicomImage image, Modality modality) throws UnusableImageException {
        SourceImage header = image.header();
        models.forModality(modality).orElseThrow(() -> new UnusableImageException(noModel(modality)));
        Mat pixels;
        long start = System.nanoTime();
        try {
            pixels = image.decode(0, header.sopInstanceUid(), Preprocessor.WORKING_SIDE); // nothing needs more than the working grid
        } catch (Exception | LinkageError e) { // PixelMed and the codecs throw anything from IOException to IndexOutOfBounds
            throw new UnusableImageException("pixel data cannot be decoded: " + e, e);
        }
        String note = header.frames() > 1 ? "multi-frame image: the first of its " + header.frames() + " frames was analysed" : null;
        long decoded = System.nanoTime();
        Analysis a = analyze(pixels, header.columns(), header.rows(), modality, header.spacing(), note);
        return new Analysis(a.findings(), a.masks(), a.display(), a.sourceColumns(), a.times().withDecode(decoded - start));
    }

    /** A PNG or JPEG picture (the console's upload-to-infer): no spacing, so sizes are in pixels. */
    public Analysis analyzePicture(byte[] file, Modality modality) throws UnusableImageException {
        models.forModality(modality).orElseThrow(() -> new UnusableImageException(noModel(modality)));
        Mat pixels;
        try (Mat encoded = new Mat(new BytePointer(file)); Mat decoded = imdecode(encoded, IMREAD_GRAYSCALE | IMREAD_ANYDEPTH)) {
            if (decoded == null || decoded.empty()) throw new UnusableImageException("not a PNG or JPEG picture that can be decoded");
            pixels = new Mat();
            decoded.convertTo(pixels, CV_16U, decoded.depth() == org.bytedeco.opencv.global.opencv_core.CV_8U ? 257 : 1, 0);
        }
        return analyze(pixels, pixels.cols(), pixels.rows(), modality, null, "uploaded picture: sizes in pixels");
    }

    /** @param pixels the image, or a reduced version of it (columns x rows is the original size lesions refer to) */
    private Analysis analyze(Mat pixels, int columns, int rows, Modality modality, PixelSpacing spacing, String note)
            throws UnusableImageException {
        ModelRegistry.Loaded m = models.forModality(modality).orElseThrow(() -> new UnusableImageException(noModel(modality)));
        if (rows < 16 || columns < 16) {
            throw new UnusableImageException("image is only " + columns + "x" + rows + " pixels");
        }
        int size = m.info().preprocessSize();
        long start = System.nanoTime();
        Preprocessor.Result input = new Preprocessor(modality, size).apply(pixels, columns, rows);
        long preprocessed = System.nanoTime();
        Prediction p = ImagePredictor.of(m.info(), m.model()).predict(input.pixels(), size);
        long inferred = System.nanoTime();
        Mat map = new Mat(size, size, CV_32F);
        new FloatPointer(map.data()).put(p.mask(0));
        float[] classes = p.classes(0);
        Double operatingPoint = m.info().markThreshold();
        LesionFinder.Found found;
        try (map) { // regions found on the model grid; only their boxes are resampled onto the original grid
            found = LesionFinder.find(map, input.geometry(), m.info().maskThreshold(), ImageFindings.lesionClassOf(classes),
                    spacing == null ? null : new double[] {spacing.rowMm(), spacing.columnMm()},
                    operatingPoint == null ? null : new LesionFinder.Marking(classes, operatingPoint));
        }
        // with an operating point the image class follows the marks shown, so the two never contradict
        LesionClass predicted = operatingPoint == null ? p.predictedClass(0) : MarkScore.reportedClass(!found.lesions().isEmpty(), classes);
        ImageFindings findings = new ImageFindings(m.info().name(), m.version(), predicted, classes, found.lesions(), note);
        GrayImage display = display(pixels);
        pixels.close();
        return new Analysis(findings, found.masks(), display, columns,
                new StageTimes(0, preprocessed - start, inferred - preprocessed, System.nanoTime() - inferred));
    }

    /** The 16-bit decoded image as 8 bits, shrunk by area averaging to fit {@link #DISPLAY_SIZE}. */
    static GrayImage display(Mat pixels) {
        double scale = Math.min(1.0, DISPLAY_SIZE / (double) Math.max(pixels.rows(), pixels.cols()));
        int w = Math.max(1, (int) Math.round(pixels.cols() * scale)), h = Math.max(1, (int) Math.round(pixels.rows() * scale));
        try (Mat small = new Mat(); Mat gray = new Mat()) {
            if (scale < 1) resize(pixels, small, new Size(w, h), 0, 0, INTER_AREA); else pixels.copyTo(small);
            small.convertTo(gray, CV_8U, 1 / 257.0, 0);
            byte[] out = new byte[w * h];
            gray.data().get(out);
            return new GrayImage(w, h, out);
        }
    }
}
