package org.mammoai.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorAverageTest {
    static final int SIDE = 4;

    @Test
    void modelSeesTheImageAndItsMirrorAndTheAnswersAreAveragedInTheImagesFrame() {
        float[] image = new float[SIDE * SIDE];
        for (int i = 0; i < image.length; i++) image[i] = i;
        List<float[]> seen = new ArrayList<>();
        // a model biased to the left: its map is the input plus 10 x (column from the right), its classes differ per batch image
        Prediction p = MirrorAverage.predict(batch -> {
            float[] px = batch.pixels();
            float[] masks = new float[px.length];
            for (int k = 0; k < batch.count(); k++) {
                float[] one = new float[SIDE * SIDE];
                System.arraycopy(px, k * one.length, one, 0, one.length);
                seen.add(one);
            }
            for (int i = 0; i < px.length; i++) masks[i] = px[i] + 10 * (SIDE - 1 - i % SIDE);
            return new Prediction(masks, new float[] {0.6f, 0.3f, 0.1f, 0.2f, 0.3f, 0.5f}, batch.count(), batch.size());
        }, image, SIDE);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).containsExactly(image);
        assertThat(seen.get(1)[0]).isEqualTo(3f); // row 0 mirrored: 3 2 1 0
        assertThat(seen.get(1)[3]).isEqualTo(0f);
        assertThat(seen.get(1)[4]).isEqualTo(7f);
        float[] mask = p.mask(0);
        for (int i = 0; i < mask.length; i++) {
            assertThat(mask[i]).as("the left bias cancels, the image stays where it was").isEqualTo(image[i] + 15f, within(1e-5f));
        }
        assertThat(p.classes(0)).containsExactly(new float[] {0.4f, 0.3f, 0.3f}, within(1e-6f));
        assertThat(p.count()).isEqualTo(1);
    }

    @Test
    void modelInfoWithoutTheChoiceReadsAsImageAlone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ModelInfo.FILE), """
                {"name": "m", "dataset": "busi", "modality": "ULTRASOUND", "inputSize": 224,
                 "classes": ["normal", "benign", "malignant"], "maskThreshold": 0.5, "markThreshold": 0.6}""");
        ModelInfo old = ModelInfo.read(dir);
        assertThat(old.mirrorAveraged()).isNull();
        old.with(0.7, true).write(dir);
        assertThat(ModelInfo.read(dir)).isEqualTo(old.with(0.7, true));
    }
}
