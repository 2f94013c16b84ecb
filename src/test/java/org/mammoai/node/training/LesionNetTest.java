package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.Prediction;

/** The network learns a toy task with TF Java gradients + Adam, and its SavedModel reloads to the same outputs. */
class LesionNetTest {
    static final int SIZE = 32;

    @TempDir
    Path dir;

    @Test
    void learnsBrightSquaresAndExportsAReloadableSavedModel() throws Exception {
        Random random = new Random(7);
        Batch test = toyBatch(random, 8, null, null);
        float[] firstLoss = new float[1];
        float lastLoss = 0;
        Prediction atExport;
        try (NetSession session = new NetSession(LesionNet.unet(SIZE, 8, 2, new LesionNet.Training(3e-3f, 1f), 42))) {
            for (int step = 0; step < 120; step++) {
                float[] masks = new float[16 * SIZE * SIZE];
                float[] classes = new float[16 * 3];
                Batch batch = toyBatch(random, 16, masks, classes);
                float loss = session.train(batch, masks, classes).total();
                if (step == 0) firstLoss[0] = loss;
                lastLoss = loss;
            }
            atExport = session.predict(test);
            session.export(dir.resolve("saved_model"));
        }
        assertThat(lastLoss).as("training reduces the loss").isLessThan(firstLoss[0] * 0.5f);

        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            assertThat(model.inputSize()).isEqualTo(SIZE);
            Prediction reloaded = model.predict(test);
            assertThat(reloaded.maskProbabilities()).containsExactly(atExport.maskProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(reloaded.classProbabilities()).containsExactly(atExport.classProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void checkpointRestoresTrainedWeights() throws Exception {
        Random random = new Random(3);
        Batch probe = toyBatch(random, 2, null, null);
        Prediction trained;
        try (NetSession session = new NetSession(LesionNet.unet(SIZE, 4, 2, new LesionNet.Training(3e-3f, 1f), 1))) {
            float[] masks = new float[4 * SIZE * SIZE];
            float[] classes = new float[4 * 3];
            Batch batch = toyBatch(random, 4, masks, classes);
            for (int i = 0; i < 5; i++) session.train(batch, masks, classes);
            trained = session.predict(probe);
            session.saveCheckpoint(dir.resolve("ckpt"));
        }
        try (NetSession fresh = new NetSession(LesionNet.unet(SIZE, 4, 2, new LesionNet.Training(3e-3f, 1f), 99))) {
            assertThat(fresh.predict(probe).classProbabilities()).isNotEqualTo(trained.classProbabilities());
            fresh.restoreCheckpoint(dir.resolve("ckpt"));
            assertThat(fresh.predict(probe).maskProbabilities()).isEqualTo(trained.maskProbabilities());
        }
    }

    @Test
    void fedLearningRateScalesTheStep() throws Exception {
        Random random = new Random(9);
        Batch probe = toyBatch(random, 2, null, null);
        float[] masks = new float[4 * SIZE * SIZE];
        float[] classes = new float[4 * 3];
        Batch batch = toyBatch(random, 4, masks, classes);
        try (NetSession session = new NetSession(LesionNet.unet(SIZE, 4, 2, new LesionNet.Training(3e-3f, 1f), 5))) {
            float[] before = session.predict(probe).maskProbabilities();
            for (int i = 0; i < 3; i++) session.train(batch, masks, classes, false, 0f);
            assertThat(session.predict(probe).maskProbabilities()).as("a zero rate changes nothing").isEqualTo(before);
            float first = session.train(batch, masks, classes, false, 3e-3f).total();
            float last = first;
            for (int i = 0; i < 20; i++) last = session.train(batch, masks, classes, false, 3e-3f).total();
            assertThat(last).as("a positive rate learns").isLessThan(first * 0.8f);
        }
    }

    @Test
    void cosineScheduleAnnealsFromTheBaseRateToAHundredthOfIt() {
        assertThat(ScheduledAdam.cosine(1e-3f, 0)).isEqualTo(1e-3f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(ScheduledAdam.cosine(1e-3f, 0.5)).isEqualTo(0.505e-3f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(ScheduledAdam.cosine(1e-3f, 1)).isEqualTo(1e-5f, org.assertj.core.data.Offset.offset(1e-9f));
        assertThat(ScheduledAdam.cosine(1e-3f, 0.25)).isGreaterThan(ScheduledAdam.cosine(1e-3f, 0.75));
    }

    @Test
    void pretrainedEncoderUnetLearnsFrozenThenFineTunedAndReloads() throws Exception {
        SyntheticMobileNetWeights.write(dir.resolve("pretrained"), 11);
        Random random = new Random(5);
        Batch test = toyBatch(random, 8, null, null);
        LesionNet.Training t = new LesionNet.Training(3e-3f, 1f, 1f, new float[] {1f, 1.5f, 2f});
        float[] losses = new float[100];
        Prediction atExport;
        try (NetSession session = new NetSession(LesionNet.mobileUnet(SIZE, dir.resolve("pretrained"), 0.1f, t, 3))) {
            assertThat(session.hasPretrainedEncoder()).isTrue();
            for (int step = 0; step < losses.length; step++) {
                float[] masks = new float[16 * SIZE * SIZE];
                float[] classes = new float[16 * 3];
                Batch batch = toyBatch(random, 16, masks, classes);
                losses[step] = session.train(batch, masks, classes, step < 40).total(); // frozen first, then fine-tuned
            }
            atExport = session.predict(test);
            session.export(dir.resolve("saved_model"));
        }
        double start = mean(losses, 0, 5), frozenEnd = mean(losses, 30, 40), end = mean(losses, 90, 100);
        assertThat(frozenEnd).as("the decoder and heads learn on a frozen encoder").isLessThan(start * 0.8);
        assertThat(end).as("and keep learning when it is fine-tuned").isLessThan(frozenEnd * 0.9);
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            Prediction reloaded = model.predict(test);
            assertThat(reloaded.maskProbabilities()).containsExactly(atExport.maskProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(reloaded.classProbabilities()).containsExactly(atExport.classProbabilities(), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void deeperDecoderAddsOneConvolutionPerLevelAndLearns() throws Exception {
        SyntheticMobileNetWeights.write(dir.resolve("pretrained"), 12);
        LesionNet.Training t = new LesionNet.Training(3e-3f, 1f);
        LesionNet lightNet = LesionNet.mobileUnet(SIZE, dir.resolve("pretrained"), 0.1f, 1, t, 3);
        long light = variables(lightNet);
        lightNet.graph.close();
        LesionNet deeper = LesionNet.mobileUnet(SIZE, dir.resolve("pretrained"), 0.1f, 2, t, 3);
        // each extra 3x3 convolution brings its kernel, its bias and its GroupNorm scale and shift: 4 variables, 4 levels
        assertThat(variables(deeper) - light).isEqualTo(16);
        Random random = new Random(8);
        try (NetSession session = new NetSession(deeper)) {
            float first = 0, last = 0;
            for (int step = 0; step < 40; step++) {
                float[] masks = new float[16 * SIZE * SIZE];
                float[] classes = new float[16 * 3];
                float loss = session.train(toyBatch(random, 16, masks, classes), masks, classes, step < 10).total();
                if (step < 5) first += loss / 5;
                if (step >= 35) last += loss / 5;
            }
            assertThat(last).isLessThan(first * 0.8f);
        }
    }

    /** Trainable variables of a network, counted before any optimizer slots (the encoder's are its learned changes). */
    private static long variables(LesionNet net) {
        long n = 0;
        for (var it = net.graph.operations(); it.hasNext(); ) {
            var op = it.next();
            if (op.type().equals("VariableV2") && !op.name().startsWith("scheduled_adam")) n++;
        }
        return n;
    }

    private static double mean(float[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum / (to - from);
    }

    /** Noise images; some hold a bright square (the "lesion"): small = benign, large = malignant. */
    static Batch toyBatch(Random random, int n, float[] masks, float[] classes) {
        float[] px = new float[n * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            LesionClass c = LesionClass.values()[random.nextInt(3)];
            int side = c == LesionClass.NORMAL ? 0 : c == LesionClass.BENIGN ? 6 : 14;
            int r0 = random.nextInt(SIZE - side + 1), c0 = random.nextInt(SIZE - side + 1);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean in = y >= r0 && y < r0 + side && x >= c0 && x < c0 + side;
                    int k = i * SIZE * SIZE + y * SIZE + x;
                    px[k] = (in ? 0.8f : 0.2f) + 0.1f * (float) random.nextGaussian();
                    if (masks != null) masks[k] = in ? 1 : 0;
                }
            }
            if (classes != null) classes[i * 3 + c.ordinal()] = 1;
        }
        return new Batch(px, n, SIZE);
    }
}
