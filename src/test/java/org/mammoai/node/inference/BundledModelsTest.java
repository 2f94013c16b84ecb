package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.training.Case;
import org.mammoai.node.training.ImageFiles;
import org.mammoai.node.training.TrainCommand;

/**
 * Every model shipped in models/ loads from its SavedModel and, fed the same images through the same
 * preprocessing, gives the outputs recorded when it was exported (reference-outputs.json).
 */
class BundledModelsTest {
    static final Path MODELS = Path.of("models");
    static final Path DATA = Path.of("..", "shared", "data");

    @TestFactory
    Stream<DynamicTest> bundledModelsReproduceTheirExportOutputs() throws Exception {
        List<Path> models;
        try (Stream<Path> dirs = Files.list(MODELS)) {
            models = dirs.filter(d -> Files.exists(d.resolve("saved_model/saved_model.pb"))).sorted().toList();
        }
        return models.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws Exception {
        ModelInfo info = ModelInfo.read(dir);
        JsonNode refs = new ObjectMapper().readTree(dir.resolve("reference-outputs.json").toFile());
        assertThat(refs.size()).isPositive();
        Map<String, Case> cases = TrainCommand.load(info.dataset(), DATA).stream()
                .collect(Collectors.toMap(Case::id, Function.identity()));
        Preprocessor pre = new Preprocessor(info.modality(), info.inputSize());
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            assertThat(model.inputSize()).isEqualTo(info.inputSize());
            for (JsonNode ref : refs) {
                Case c = cases.get(ref.get("id").asText());
                Prediction p = model.predict(new Batch(pre.apply(ImageFiles.readGray(c.image())).pixels(), 1, info.inputSize()));
                for (int k = 0; k < 3; k++) {
                    assertThat(p.classes(0)[k]).as(c.id() + " class " + k)
                            .isCloseTo((float) ref.get("classProbabilities").get(k).asDouble(), offset(1e-4f));
                }
                double maskSum = 0;
                for (float v : p.mask(0)) maskSum += v;
                assertThat(maskSum).as(c.id() + " mask").isCloseTo(ref.get("maskSum").asDouble(), offset(1e-3 * (1 + maskSum)));
            }
        }
    }
}
