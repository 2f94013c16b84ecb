package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.training.ReferenceOutputs;
import org.tensorflow.Operation;
import org.tensorflow.SavedModelBundle;

/**
 * Every model shipped in models/ loads from its SavedModel and, fed the reference inputs stored with it
 * through the same preprocessing, gives the outputs recorded when it was exported; and it is inference-only
 * (no optimizer, losses or initialisers shipped to every site).
 */
class BundledModelsTest {
    static final Path MODELS = Path.of("models");

    @TestFactory
    Stream<DynamicTest> bundledModelsReproduceTheirExportOutputs() throws Exception {
        List<Path> models;
        try (Stream<Path> dirs = Files.list(MODELS)) {
            models = dirs.filter(d -> Files.exists(d.resolve("saved_model/saved_model.pb"))).sorted().toList();
        }
        assertThat(models).as("bundled models").isNotEmpty();
        return models.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.resolve("saved_model").toString(), SavedModelBundle.DEFAULT_TAG)) {
            for (var it = bundle.graph().operations(); it.hasNext(); ) {
                Operation op = it.next();
                assertThat(op.type()).as(op.name()).isNotIn("ApplyAdam", "SoftmaxCrossEntropyWithLogits", "TruncatedNormal");
            }
        }
        ModelInfo info = ModelInfo.read(dir);
        List<ReferenceOutputs.Reference> refs = ReferenceOutputs.read(dir);
        assertThat(refs).isNotEmpty();
        Preprocessor pre = new Preprocessor(info.modality(), info.preprocessSize());
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            assertThat(model.inputSize()).isEqualTo(info.inputSize());
            for (ReferenceOutputs.Reference ref : refs) {
                Prediction p = ReferenceOutputs.predict(ImagePredictor.of(info, model), pre, ref.input());
                for (int k = 0; k < 3; k++) {
                    assertThat(p.classes(0)[k]).as(ref.input() + " class " + k).isCloseTo(ref.classProbabilities()[k], offset(1e-4f));
                }
                double maskSum = ReferenceOutputs.maskSum(p);
                assertThat(maskSum).as(ref.input() + " mask").isCloseTo(ref.maskSum(), offset(1e-3 * (1 + maskSum)));
            }
        }
    }
}
