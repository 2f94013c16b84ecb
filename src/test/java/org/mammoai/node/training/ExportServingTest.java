package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.common.FileTrees;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.ImagePredictor;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.ModelInfo;
import org.mammoai.node.inference.Prediction;
import org.tensorflow.Operation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/** Models exported with their whole training graph are rewritten inference-only with the same outputs, or left as they were. */
class ExportServingTest {
    @TempDir
    Path dir;

    @Test
    void aTrainingGraphExportBecomesInferenceOnlyWithTheSameOutputs() throws Exception {
        TrainCommand.Options o = mobileNetOptions("0.1");
        Path modelDir = trainedModelExportedTheOldWay(o);
        Path saved = modelDir.resolve("saved_model");
        long before = FileTrees.size(saved);
        assertThat(operationTypes(saved)).as("the old way carries the optimizer").contains("ApplyAdam");

        ExportServing.rewrite(o, modelDir);

        assertThat(operationTypes(saved)).doesNotContain("ApplyAdam", "SoftmaxCrossEntropyWithLogits", "TruncatedNormal");
        assertThat(FileTrees.size(saved)).as("bytes, was " + before).isLessThan(before / 2);
        assertThat(modelDir.resolve("saved_model.serving")).doesNotExist();
        assertThat(modelDir.resolve("saved_model.old")).doesNotExist();
        ModelInfo info = ModelInfo.read(modelDir);
        Preprocessor pre = new Preprocessor(info.modality(), info.preprocessSize());
        try (LesionModel model = LesionModel.load(saved)) {
            for (ReferenceOutputs.Reference ref : ReferenceOutputs.read(modelDir)) { // recorded from the old export
                Prediction p = ReferenceOutputs.predict(ImagePredictor.of(info, model), pre, ref.input());
                for (int k = 0; k < 3; k++) assertThat(p.classes(0)[k]).isCloseTo(ref.classProbabilities()[k], offset(1e-5f));
                assertThat(ReferenceOutputs.maskSum(p)).isCloseTo(ref.maskSum(), offset(1e-3));
            }
        }
    }

    @Test
    void aRewriteThatWouldChangeTheOutputsIsRefusedAndTheOldExportKept() throws Exception {
        Path modelDir = trainedModelExportedTheOldWay(mobileNetOptions("0.1"));
        Path saved = modelDir.resolve("saved_model");
        long before = FileTrees.size(saved);

        // trained with the encoder's change scaled by 0.1: summed with 0.5 the encoder's weights are others
        assertThatThrownBy(() -> ExportServing.rewrite(mobileNetOptions("0.5"), modelDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kept the old one");

        assertThat(FileTrees.size(saved)).isEqualTo(before);
        assertThat(operationTypes(saved)).contains("ApplyAdam");
        assertThat(modelDir.resolve("saved_model.serving")).doesNotExist();
    }

    private TrainCommand.Options mobileNetOptions(String encoderLrRatio) throws Exception {
        Path weights = dir.resolve("pretrained");
        if (!Files.exists(weights)) SyntheticMobileNetWeights.write(weights, 21);
        return TrainCommand.Options.parse(new String[] {"--models", dir.resolve("models").toString(), "--name", "toy", "--arch", "mobilenet",
                "--size", String.valueOf(LesionNetTest.SIZE), "--pretrained", weights.toString(), "--encoder-lr-ratio", encoderLrRatio});
    }

    /** A few steps of training (encoder not frozen), exported as before ServingGraph: the training session as it is. */
    private static Path trainedModelExportedTheOldWay(TrainCommand.Options o) throws Exception {
        Path modelDir = Files.createDirectories(o.models().resolve(o.name()));
        Random random = new Random(17);
        try (NetSession net = new NetSession(TrainCommand.build(o, new float[] {1f, 1f, 1f}))) {
            for (int step = 0; step < 12; step++) {
                float[] masks = new float[8 * LesionNetTest.SIZE * LesionNetTest.SIZE];
                float[] classes = new float[8 * 3];
                Batch batch = LesionNetTest.toyBatch(random, 8, masks, classes);
                net.train(batch, masks, classes, false);
            }
            LesionNet n = net.net();
            Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input(LesionModel.INPUT, n.image)
                    .output(LesionModel.MASK, n.maskProbs).output(LesionModel.CLASS_PROBS, n.classProbs).build();
            SavedModelBundle.exporter(modelDir.resolve("saved_model").toString()).withFunction(SessionFunction.create(signature, net.session())).export();
        }
        ModelInfo info = new ModelInfo(o.name(), "busi", Modality.ULTRASOUND, o.size(), List.of("normal", "benign", "malignant"), 0.5f,
                null, null, null);
        info.write(modelDir);
        try (LesionModel model = LesionModel.load(modelDir.resolve("saved_model"))) {
            ReferenceOutputs.write(model, info, modelDir);
        }
        return modelDir;
    }

    private static Set<String> operationTypes(Path savedModel) {
        Set<String> types = new HashSet<>();
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), SavedModelBundle.DEFAULT_TAG)) {
            for (var it = bundle.graph().operations(); it.hasNext(); ) {
                Operation op = it.next();
                types.add(op.type());
            }
        }
        return types;
    }
}
