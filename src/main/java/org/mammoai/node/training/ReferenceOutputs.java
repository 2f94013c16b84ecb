package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.ellipse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.indexer.ShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.ModelInfo;
import org.mammoai.node.inference.Prediction;

/**
 * What a shipped model must keep giving: a few inputs drawn by this class (never dataset images, so they
 * can be committed) in models/NAME/reference-inputs/, and the exported model's outputs on them in
 * reference-outputs.json. A test reloads each bundled model and compares; regenerate with
 * {@code java ... ReferenceOutputs models/NAME} when a model is replaced.
 */
public final class ReferenceOutputs {
    public static final String INPUTS = "reference-inputs";
    public static final String FILE = "reference-outputs.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int COUNT = 4;

    private ReferenceOutputs() {}

    public record Reference(Path input, float[] classProbabilities, double maskSum) {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            write(model, ModelInfo.read(dir), dir);
        }
    }

    /** Draws the inputs, runs the model on them through the shared preprocessing and records the outputs. */
    public static void write(LesionModel model, ModelInfo info, Path modelDir) throws IOException {
        Path inputs = Files.createDirectories(modelDir.resolve(INPUTS));
        Preprocessor pre = new Preprocessor(info.modality(), info.preprocessSize());
        ImagePredictor predictor = ImagePredictor.of(info, model);
        List<Map<String, Object>> refs = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            Path png = inputs.resolve("input-" + i + ".png");
            if (!imwrite(png.toString(), draw(info.modality(), i))) throw new IOException("cannot write " + png);
            Prediction p = predict(predictor, pre, png);
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("input", modelDir.relativize(png).toString());
            ref.put("classProbabilities", p.classes(0));
            ref.put("maskSum", maskSum(p));
            refs.add(ref);
        }
        JSON.writeValue(modelDir.resolve(FILE).toFile(), refs);
    }

    public static List<Reference> read(Path modelDir) throws IOException {
        List<Reference> out = new ArrayList<>();
        for (JsonNode r : JSON.readTree(modelDir.resolve(FILE).toFile())) {
            float[] probs = new float[r.get("classProbabilities").size()];
            for (int k = 0; k < probs.length; k++) probs[k] = (float) r.get("classProbabilities").get(k).asDouble();
            out.add(new Reference(modelDir.resolve(r.get("input").asText()), probs, r.get("maskSum").asDouble()));
        }
        return out;
    }

    public static Prediction predict(ImagePredictor predictor, Preprocessor pre, Path png) throws IOException {
        return predictor.predict(pre.apply(ImageFiles.readGray(png)).pixels(), pre.size());
    }

    public static double maskSum(Prediction p) {
        double sum = 0;
        for (float v : p.mask(0)) sum += v;
        return sum;
    }

    /** A mammogram-like (breast against the chest wall, a dense mass) or ultrasound-like (speckle, dark lesion) picture. */
    static Mat draw(Modality modality, int index) {
        Random r = new Random(1000 + index);
        int rows = 480, cols = 400;
        Mat img = new Mat(rows, cols, CV_8U, new Scalar(modality == Modality.MAMMOGRAPHY ? 4 : 70));
        if (modality == Modality.MAMMOGRAPHY) {
            boolean wallLeft = index % 2 == 0;
            ellipse(img, new Point(wallLeft ? 0 : cols - 1, rows / 2), new Size(cols * 3 / 4, rows * 2 / 5), 0, 0, 360,
                    new Scalar(120 + r.nextInt(40)), -1, 8, 0);
            if (index % 4 != 3) { // the last one has no mass
                int x = wallLeft ? cols / 4 + r.nextInt(cols / 4) : cols / 2 + r.nextInt(cols / 4);
                ellipse(img, new Point(x, rows / 2 + r.nextInt(rows / 5) - rows / 10), new Size(12 + r.nextInt(20), 10 + r.nextInt(16)),
                        r.nextInt(180), 0, 360, new Scalar(215), -1, 8, 0);
            }
        } else {
            ellipse(img, new Point(cols / 2 + r.nextInt(60) - 30, rows / 2 + r.nextInt(60) - 30),
                    new Size(40 + r.nextInt(50), 25 + r.nextInt(30)), r.nextInt(180), 0, 360, new Scalar(index % 4 == 3 ? 90 : 15), -1, 8, 0);
        }
        Mat noise = new Mat(rows, cols, CV_16S);
        double sigma = modality == Modality.MAMMOGRAPHY ? 6 : 25;
        ShortIndexer n = noise.createIndexer();
        for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) n.put(y, x, (short) Math.round(r.nextGaussian() * sigma));
        Mat wide = new Mat(), out = new Mat();
        img.convertTo(wide, CV_16S);
        add(wide, noise, wide);
        wide.convertTo(out, CV_8U); // saturating
        GaussianBlur(out, out, new Size(3, 3), 0);
        return out;
    }
}
