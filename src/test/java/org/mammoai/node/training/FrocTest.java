package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Marks, hits and false marks counted by hand on two tiny images. */
class FrocTest {
    static final int SIDE = 8;

    @Test
    void sensitivityFalseMarksAndTheOperatingPointFollowTheMarkScores() {
        float[] truth0 = new float[SIDE * SIDE], map0 = new float[SIDE * SIDE], map1 = new float[SIDE * SIDE];
        fill(truth0, 0, 0, 2, 1f);
        fill(map0, 0, 0, 3, 0.9f);     // overlaps the lesion: a true mark, score 0.9 x (1 - 0.1) = 0.81
        fill(map0, 5, 5, 2, 0.6f);     // elsewhere: a false mark, 0.54
        fill(map1, 3, 3, 2, 0.7f);     // on the normal image: a false mark, 0.7 x 0.5 = 0.35
        Froc froc = new Froc(new float[][] {map0, map1}, new float[][] {{0.1f, 0.6f, 0.3f}, {0.5f, 0.3f, 0.2f}},
                new float[][] {truth0, new float[SIDE * SIDE]}, new boolean[] {false, true}, SIDE, 0.5f);

        assertThat(froc.marks).hasSize(3);
        assertThat(froc.at(0.5, froc.all())).containsExactly(new double[] {1, 0.5, 0}, offset(1e-9));
        assertThat(froc.at(0.3, froc.all())).containsExactly(new double[] {1, 1, 1}, offset(1e-9));
        assertThat(froc.at(0.9, froc.all())[0]).as("no mark shown, nothing found").isZero();
        assertThat(froc.operatingPoint(0.5)).isCloseTo(0.54, offset(1e-6));
        assertThat(froc.sensitivityAt(0.25, froc.all())).isEqualTo(1.0);
        // the same image drawn twice by the bootstrap counts twice
        assertThat(froc.at(0.3, new int[] {1, 1})).containsExactly(new double[] {Double.NaN, 1, 1}, offset(1e-9));
    }

    private static void fill(float[] m, int x0, int y0, int side, float v) {
        for (int y = y0; y < y0 + side; y++) for (int x = x0; x < x0 + side; x++) m[y * SIDE + x] = v;
    }
}
