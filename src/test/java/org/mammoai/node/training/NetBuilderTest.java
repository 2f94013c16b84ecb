package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;

class NetBuilderTest {
    private static final int SIDE = 10;

    /**
     * Two images: a 36-pixel lesion predicted exactly and a 1-pixel lesion missed entirely. Over the batch the
     * missed lesion is 1 pixel in 37, so the batch loss barely sees it; per image it costs half the loss.
     */
    @Test
    void perImageDiceWeighsASmallMissedLesionLikeALargeOne() {
        float[][][][] truth = new float[2][SIDE][SIDE][1];
        float[][][][] probs = new float[2][SIDE][SIDE][1];
        for (int y = 2; y < 8; y++) for (int x = 2; x < 8; x++) truth[0][y][x][0] = probs[0][y][x][0] = 1f;
        truth[1][5][5][0] = 1f;
        double batch = diceLoss(probs, truth, false), perImage = diceLoss(probs, truth, true);
        // batch: 1 - (2*36 + 1) / (36 + 37 + 1); per image: 1 - ((73/73) + (1/2)) / 2
        assertThat(batch).isCloseTo(1 - 73.0 / 74, within(1e-5));
        assertThat(perImage).isCloseTo(1 - (1 + 0.5) / 2, within(1e-5));
    }

    @Test
    void perImageDiceOfAnEmptyImageFallsAsItsPredictionFalls() {
        float[][][][] truth = new float[1][SIDE][SIDE][1];
        float[][][][] faint = new float[1][SIDE][SIDE][1], strong = new float[1][SIDE][SIDE][1];
        for (int y = 0; y < SIDE; y++) for (int x = 0; x < SIDE; x++) {
            faint[0][y][x][0] = 0.01f;
            strong[0][y][x][0] = 0.5f;
        }
        assertThat(diceLoss(faint, truth, true)).isCloseTo(1 - 1 / 2.0, within(1e-5)); // 100 x 0.01 = 1 predicted pixel
        assertThat(diceLoss(strong, truth, true)).isCloseTo(1 - 1 / 51.0, within(1e-5));
    }

    private static double diceLoss(float[][][][] probs, float[][][][] truth, boolean perImage) {
        NetBuilder b = new NetBuilder(1);
        try (TFloat32 p = TFloat32.tensorOf(StdArrays.ndCopyOf(probs)); TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(truth));
             Session session = new Session(b.graph)) {
            Operand<TFloat32> loss = b.softDiceLoss(b.tf.constant(p), b.tf.constant(t), perImage);
            try (Result r = session.runner().fetch(loss).run()) {
                TFloat32 out = (TFloat32) r.get(0);
                assertThat(out.shape()).isEqualTo(Shape.scalar());
                return out.getFloat();
            }
        } finally {
            b.graph.close();
        }
    }
}
