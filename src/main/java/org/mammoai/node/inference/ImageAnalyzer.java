package org.mammoai.node.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import jakarta.enterprise.context.ApplicationScoped;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.mammoai.node.imaging.DicomPixels;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;

/** One image through decoding, the training-time preprocessing, the modality's model and lesion extraction. */
@ApplicationScoped
public class ImageAnalyzer {

    /** The findings plus what result writers draw from: the decoded image and the lesion label image. */
    public record Analysis(Mat pixels, Mat lesionLabels, ImageFindings findings) {}

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

    /** @param name names the image in error messages (not PHI: the SOP Instance UID) */
    public Analysis analyze(AttributeList image, Modality modality, String name) throws UnusableImageException {
        ModelRegistry.Loaded m = models.forModality(modality)
                .orElseThrow(() -> new UnusableImageException(noModel(modality)));
        Mat pixels;
        try {
            pixels = DicomPixels.decode(image, 0, name);
        } catch (Exception | LinkageError e) { // PixelMed and the codecs throw anything from IOException to IndexOutOfBounds
            throw new UnusableImageException("pixel data cannot be decoded: " + e, e);
        }
        if (pixels.rows() < 16 || pixels.cols() < 16) {
            throw new UnusableImageException("image is only " + pixels.cols() + "x" + pixels.rows() + " pixels");
        }
        int size = m.info().preprocessSize();
        Preprocessor.Result input = new Preprocessor(modality, size).apply(pixels);
        Prediction p = ImagePredictor.of(m.info(), m.model()).predict(input.pixels(), size);
        Mat map = new Mat(size, size, CV_32F);
        new FloatPointer(map.data()).put(p.mask(0));
        float[] classes = p.classes(0);
        Double operatingPoint = m.info().markThreshold();
        LesionFinder.Found found = LesionFinder.find(input.geometry().toOriginal(map), m.info().maskThreshold(),
                ImageFindings.lesionClassOf(classes), size, modality == Modality.ULTRASOUND ? UltrasoundRegions.spacing(image) : pixelSpacing(image),
                operatingPoint == null ? null : new LesionFinder.Marking(classes, operatingPoint));
        // with an operating point the image class follows the marks shown, so the two never contradict
        LesionClass predicted = operatingPoint == null ? p.predictedClass(0) : MarkScore.reportedClass(!found.lesions().isEmpty(), classes);
        int frames = Attribute.getSingleIntegerValueOrDefault(image, TagFromName.NumberOfFrames, 1);
        String note = frames > 1 ? "multi-frame image: the first of its " + frames + " frames was analysed" : null;
        ImageFindings findings = new ImageFindings(m.info().name(), m.version(), predicted, classes, found.lesions(), note);
        return new Analysis(pixels, found.labels(), findings);
    }

    /** Pixel Spacing, else Imager Pixel Spacing (projection radiography: at the detector), in mm; null if neither. */
    static double[] pixelSpacing(AttributeList list) {
        for (var tag : new com.pixelmed.dicom.AttributeTag[] {TagFromName.PixelSpacing, TagFromName.ImagerPixelSpacing}) {
            Attribute a = list.get(tag);
            try {
                double[] v = a == null ? null : a.getDoubleValues();
                if (v != null && v.length == 2 && v[0] > 0 && v[1] > 0) return v;
            } catch (com.pixelmed.dicom.DicomException e) {
                // not a usable number; try the next one
            }
        }
        return null;
    }
}
