package org.mammoai.node.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.mammoai.node.imaging.DicomPixels;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.ModelInfo;

/**
 * The checks that need the real datasets, kept out of the default test suite (a clone has no data):
 * {@code native/evaluate.sh --data DIR [--samples DIR]}. Re-evaluates every bundled model on its committed
 * test split and compares with its evaluation.json; then runs real DICOM files (if given) through decode,
 * preprocessing and the model of their modality, printing what each gives. Exit status 1 when a model no longer
 * reproduces its recorded test metrics.
 */
public final class EvaluateCommand {
    /** Test metrics must match the recorded ones this closely (same weights, same split, same preprocessing). */
    static final double TOLERANCE = 1e-3;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = TrainCommand.Options.pairs(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data"));
        Path models = Path.of(a.getOrDefault("models", "models"));
        if (!Files.isDirectory(data)) {
            System.err.println("No dataset folder at " + data.toAbsolutePath().normalize()
                    + ": give --data DIR, the folder holding busi/ and mini-mias/ (e.g. --data ../shared/data).");
            System.exit(2);
        }
        boolean ok = true;
        if (a.containsKey("pretrained")) ok &= checkEncoder(Path.of(a.get("pretrained")));
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.exists(d.resolve(ModelInfo.FILE))).sorted().toList();
        }
        for (Path dir : dirs) ok &= evaluate(dir, data);
        if (a.containsKey("samples")) runSamples(Path.of(a.get("samples")), dirs);
        System.out.println(ok ? "evaluate: all checks agree" : "evaluate: FAILED (see above)");
        System.exit(ok ? 0 : 1);
    }

    /** The MobileNetV2 encoder built from the weights reproduces the reference forward pass stored beside them. */
    static boolean checkEncoder(Path pretrained) throws IOException {
        Npy input = Npy.read(pretrained.resolve("reference/input_1x224x224x3.npy"));
        Npy expected = Npy.read(pretrained.resolve("reference/features_1x7x7x1280.npy"));
        float[] actual = MobileNetV2.features(MobileNetV2.Weights.read(pretrained), input);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected.data()[i]));
        boolean ok = actual.length == expected.data().length && worst <= 1e-4;
        System.out.printf("MobileNetV2 encoder vs reference features: max |difference| %.2e %s%n", worst, ok ? "ok (<= 1e-4)" : "TOO LARGE");
        return ok;
    }

    private static boolean evaluate(Path dir, Path data) throws IOException {
        ModelInfo info = ModelInfo.read(dir);
        List<Case> cases = TrainCommand.load(info.dataset(), data);
        Split split = Split.loadOrDraw(dir.resolve("split.csv"), cases, 0);
        PreparedSet test = PreparedSet.of(split.select(cases, Split.Part.TEST), new Preprocessor(info.modality(), info.preprocessSize()));
        JsonNode recorded = new ObjectMapper().readTree(dir.resolve("evaluation.json").toFile()).get("test");
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            Map<String, Object> now = Evaluation.run(ImagePredictor.of(info, model), test).metrics(0);
            boolean ok = true;
            for (String key : List.of("dice", "accuracy", "abnormalVsNormalAuc", "malignantVsRestAuc")) {
                if (!(now.get(key) instanceof Map<?, ?> m) || recorded.get(key) == null) continue;
                double value = ((Number) m.get("value")).doubleValue(), then = recorded.get(key).get("value").asDouble();
                boolean same = Double.isNaN(value) && Double.isNaN(then) || Math.abs(value - then) <= TOLERANCE;
                System.out.printf("%s: test %s %.4f (recorded %.4f) %s%n", info.name(), key, value, then, same ? "ok" : "DIFFERS");
                ok &= same;
            }
            return ok;
        }
    }

    /** Real files through decode, preprocessing and the model of their modality; a file that cannot be analysed says why. */
    private static void runSamples(Path samples, List<Path> modelDirs) throws IOException {
        if (!Files.isDirectory(samples)) {
            System.err.println("No DICOM samples folder at " + samples.toAbsolutePath().normalize());
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(samples)) {
            files = s.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
        for (Path f : files) {
            try {
                AttributeList list = new AttributeList();
                list.read(f.toFile());
                Modality modality = "US".equals(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality))
                        ? Modality.ULTRASOUND : Modality.MAMMOGRAPHY;
                Mat pixels = DicomPixels.decode(list, 0, f.toString());
                Path dir = null;
                ModelInfo info = null;
                for (Path d : modelDirs) {
                    ModelInfo candidate = ModelInfo.read(d);
                    if (candidate.modality() == modality) { dir = d; info = candidate; }
                }
                if (info == null) {
                    System.out.printf("%s: %dx%d decoded; no %s model%n", f.getFileName(), pixels.cols(), pixels.rows(), modality);
                    continue;
                }
                Preprocessor.Result input = new Preprocessor(info.modality(), info.preprocessSize()).apply(pixels);
                try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
                    float[] c = ImagePredictor.of(info, model).predict(input.pixels(), info.preprocessSize()).classes(0);
                    System.out.printf("%s: %dx%d, %s: normal %.3f, benign %.3f, malignant %.3f%n", f.getFileName(),
                            pixels.cols(), pixels.rows(), info.name(), c[0], c[1], c[2]);
                }
            } catch (Exception e) {
                System.out.printf("%s: not analysable: %s%n", f.getFileName(), e.getMessage());
            }
        }
    }
}
