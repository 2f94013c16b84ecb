package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mammoai.node.common.FileTrees;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.ModelInfo;
import org.mammoai.node.inference.Prediction;
import org.tensorflow.SavedModelBundle;

/**
 * Rewrites a model whose SavedModel holds the whole training graph (exports before {@link ServingGraph}) as an
 * inference-only one, without retraining: the training network is rebuilt from the options it was trained with,
 * given the values of the old export's variables of the same names (the optimizer's slots, whose names changed
 * over versions, are not needed) and its serving graph exported. The old SavedModel is replaced
 * only when the new one gives the same outputs on the model's reference inputs.
 *
 * <pre>java ... ExportServing --name busi-ultrasound --arch mobilenet --size 224 [--pretrained DIR] [--models DIR]</pre>
 */
public final class ExportServing {
    /** Largest difference allowed between old and new outputs (both compute the same float operations). */
    static final double TOLERANCE = 1e-5;

    private ExportServing() {}

    public static void main(String[] args) throws IOException {
        TrainCommand.Options o = TrainCommand.Options.parse(args);
        Path modelDir = o.models().resolve(o.name());
        long before = FileTrees.size(modelDir.resolve("saved_model"));
        rewrite(o, modelDir);
        System.out.printf("%s: SavedModel rewritten inference-only, %.1f MB -> %.1f MB%n", o.name(), before / 1e6,
                FileTrees.size(modelDir.resolve("saved_model")) / 1e6);
    }

    /** Replaces modelDir/saved_model by its inference-only export; leaves it as it was if the outputs differ. */
    static void rewrite(TrainCommand.Options o, Path modelDir) throws IOException {
        Path saved = modelDir.resolve("saved_model"), serving = modelDir.resolve("saved_model.serving");
        FileTrees.delete(serving);
        float[] equalWeights = new float[LesionNet.CLASSES];
        Arrays.fill(equalWeights, 1f); // the class weights shape only the loss, which an export does not carry
        try (NetSession net = new NetSession(TrainCommand.build(o, equalWeights));
             SavedModelBundle old = SavedModelBundle.load(saved.toString(), SavedModelBundle.DEFAULT_TAG)) {
            net.copyWeightsFrom(old.session());
            net.export(serving);
        }
        double difference = largestDifference(modelDir, saved, serving);
        if (!(difference <= TOLERANCE)) {
            FileTrees.delete(serving);
            throw new IllegalStateException("the inference-only export differs from " + saved + " by " + difference + " on the reference inputs; kept the old one");
        }
        Path old = modelDir.resolve("saved_model.old");
        FileTrees.delete(old);
        Files.move(saved, old);
        try {
            Files.move(serving, saved);
        } catch (IOException e) {
            Files.move(old, saved); // never leave the model without a SavedModel
            throw e;
        }
        FileTrees.delete(old);
    }

    /** Largest difference of mask or class probabilities between two SavedModels on the model's reference inputs. */
    static double largestDifference(Path modelDir, Path a, Path b) throws IOException {
        ModelInfo info = ModelInfo.read(modelDir);
        Preprocessor pre = new Preprocessor(info.modality(), info.preprocessSize());
        double largest = 0;
        try (LesionModel first = LesionModel.load(a); LesionModel second = LesionModel.load(b)) {
            for (ReferenceOutputs.Reference ref : ReferenceOutputs.read(modelDir)) {
                Prediction p = ReferenceOutputs.predict(ImagePredictor.of(info, first), pre, ref.input());
                Prediction q = ReferenceOutputs.predict(ImagePredictor.of(info, second), pre, ref.input());
                largest = Math.max(largest, Math.max(largestDifference(p.maskProbabilities(), q.maskProbabilities()),
                        largestDifference(p.classProbabilities(), q.classProbabilities())));
            }
        }
        return largest;
    }

    private static double largestDifference(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double largest = 0;
        for (int i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
        return largest;
    }
}
