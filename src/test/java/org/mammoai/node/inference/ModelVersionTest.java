package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's version names its weights and settings, not only its graph (the same for every training run of an architecture). */
class ModelVersionTest {
    @TempDir
    Path dir;

    @Test
    void versionChangesWithTheWeightsOrTheSettingsAndOnlyThen() throws Exception {
        Path model = model("a", "graph", "weights", "{\"markThreshold\": 0.5}");
        String version = ModelRegistry.version(model);
        assertThat(version).matches("[0-9a-f]{12}");

        assertThat(ModelRegistry.version(model("same", "graph", "weights", "{\"markThreshold\": 0.5}"))).as("the same files").isEqualTo(version);
        assertThat(ModelRegistry.version(model("retrained", "graph", "other weights", "{\"markThreshold\": 0.5}"))).as("other weights")
                .isNotEqualTo(version);
        assertThat(ModelRegistry.version(model("operating point", "graph", "weights", "{\"markThreshold\": 0.6}"))).as("another threshold")
                .isNotEqualTo(version);
        assertThat(ModelRegistry.version(model("architecture", "other graph", "weights", "{\"markThreshold\": 0.5}"))).as("another graph")
                .isNotEqualTo(version);
    }

    private Path model(String name, String graph, String weights, String settings) throws Exception {
        Path m = Files.createDirectories(dir.resolve(name).resolve("saved_model/variables"));
        Files.writeString(dir.resolve(name).resolve(ModelInfo.FILE), settings);
        Files.writeString(m.getParent().resolve("saved_model.pb"), graph);
        Files.writeString(m.resolve("variables.index"), "index");
        Files.writeString(m.resolve("variables.data-00000-of-00001"), weights);
        return dir.resolve(name);
    }
}
