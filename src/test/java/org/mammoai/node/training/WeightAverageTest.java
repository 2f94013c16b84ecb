package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.inference.Batch;

/** Stochastic weight averaging: the running mean, its file for resumed runs, and loading it into a network. */
class WeightAverageTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheMeanOfEveryAddedSetAndSurvivesASaveAndLoad() throws IOException {
        WeightAverage a = new WeightAverage();
        a.add(new float[][] {{1, 2}, {10}});
        a.add(new float[][] {{3, 6}, {20}});
        a.add(new float[][] {{5, 1}, {30}});
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.mean()[0]).containsExactly(3f, 3f);
        assertThat(a.mean()[1]).containsExactly(20f);

        a.save(dir.resolve("avg.bin"));
        WeightAverage back = WeightAverage.load(dir.resolve("avg.bin"));
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.mean()[0]).containsExactly(3f, 3f);
        back.add(new float[][] {{7, 7}, {40}}); // a resumed run goes on with the same mean
        assertThat(back.mean()[1]).containsExactly(25f);
        assertThat(WeightAverage.load(dir.resolve("none.bin")).count()).isZero();
    }

    @Test
    void refusesWeightsOfAnotherShapeAndAFileThatIsNotAnAverage() throws IOException {
        WeightAverage a = new WeightAverage();
        a.add(new float[][] {{1, 2}});
        assertThatThrownBy(() -> a.add(new float[][] {{1, 2, 3}})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.add(new float[][] {{1}, {2}})).isInstanceOf(IllegalArgumentException.class);
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 0x7f, 0, 0, 0}); // one variable claiming 2^31 values
        assertThatThrownBy(() -> WeightAverage.load(bad)).isInstanceOf(IOException.class);
    }

    @Test
    void averagedWeightsLoadIntoTheNetworkAndGiveAnotherModel() {
        Random random = new Random(5);
        try (NetSession net = new NetSession(LesionNet.unet(LesionNetTest.SIZE, 4, 2, new LesionNet.Training(3e-3f, 1f), 2))) {
            Batch probe = LesionNetTest.toyBatch(random, 2, null, null);
            WeightAverage average = new WeightAverage();
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int step = 0; step < 3; step++) {
                    int n = LesionNetTest.SIZE * LesionNetTest.SIZE;
                    float[] masks = new float[4 * n];
                    float[] classes = new float[4 * 3];
                    Batch batch = LesionNetTest.toyBatch(random, 4, masks, classes);
                    net.train(batch, masks, classes);
                }
                average.add(net.weights());
            }
            float[] lastEpoch = net.predict(probe).maskProbabilities();
            float[][] last = net.weights();
            net.setWeights(average.mean());
            float[][] loaded = net.weights();
            for (int i = 0; i < loaded.length; i++) assertThat(loaded[i]).containsExactly(average.mean()[i]);
            assertThat(loaded[0]).isNotEqualTo(last[0]);
            assertThat(net.predict(probe).maskProbabilities()).isNotEqualTo(lastEpoch);
            assertThatThrownBy(() -> net.setWeights(new float[][] {{1}})).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
