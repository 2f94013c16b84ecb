package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.Prediction;

/** The operating-point metrics of an evaluation, on predictions made up so the answers are known. */
class EvaluationTest {
    static final int SIZE = 8;

    @Test
    @SuppressWarnings("unchecked")
    void imagesAreRankedByTheirHighestMarkScoreAndReportedNormalWithoutAShownMark() {
        // four images: two with a lesion in the top-left corner, two normal
        LesionClass[] labels = {LesionClass.BENIGN, LesionClass.MALIGNANT, LesionClass.NORMAL, LesionClass.NORMAL};
        float[] peaks = {0.9f, 0.8f, 0.7f, 0f}; // the third, normal, image gets a false mark
        float[] pAbnormal = {0.9f, 0.6f, 0.2f, 0.1f};
        List<Case> cases = new ArrayList<>();
        float[][] images = new float[4][SIZE * SIZE], masks = new float[4][SIZE * SIZE];
        float[][] maps = new float[4][SIZE * SIZE], classes = new float[4][];
        for (int i = 0; i < 4; i++) {
            cases.add(new Case("c" + i, null, List.of(), List.of(), labels[i], "g" + i));
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    if (labels[i] != LesionClass.NORMAL) masks[i][y * SIZE + x] = 1;
                    maps[i][y * SIZE + x] = peaks[i];
                }
            }
            classes[i] = labels[i] == LesionClass.MALIGNANT ? new float[] {1 - pAbnormal[i], 0.1f, pAbnormal[i] - 0.1f}
                    : new float[] {1 - pAbnormal[i], pAbnormal[i] - 0.05f, 0.05f};
        }
        PreparedSet set = PreparedSet.of(cases, SIZE, images, masks);
        // the whole set is one batch: the "network" answers with the made-up maps and class probabilities
        Evaluation e = Evaluation.inBatches(batch -> new Prediction(concat(maps), concat(classes), 4, SIZE), set, 4);

        // mark scores (peak x P(abnormal)): 0.81, 0.48, 0.14, none; abnormal images ranked above both normals
        Map<String, Object> m = e.metrics(1, 0.3);
        assertThat(((Map<String, Double>) m.get("abnormalVsNormalAucOfMarkScore")).get("value")).isCloseTo(1.0, offset(1e-9));
        assertThat(((Map<String, Double>) m.get("reportedClassAccuracy")).get("value")).isCloseTo(1.0, offset(1e-9));
        assertThat(((Map<String, Double>) m.get("falseMarksPerNormalImage")).get("value")).isCloseTo(0.0, offset(1e-9));
        // an operating point above the malignant image's mark: it is reported normal, the normal's mark still not shown
        Map<String, Object> high = e.metrics(1, 0.5);
        assertThat(((Map<String, Double>) high.get("reportedClassAccuracy")).get("value")).isCloseTo(0.75, offset(1e-9));

        // the normal image's false mark outranks the malignant one: the ranking says so
        peaks[2] = 1f;
        pAbnormal[2] = 0.6f;
        classes[2] = new float[] {0.4f, 0.55f, 0.05f};
        for (int k = 0; k < 9; k++) maps[2][k / 3 * SIZE + k % 3] = 1f;
        Evaluation worse = Evaluation.inBatches(batch -> new Prediction(concat(maps), concat(classes), 4, SIZE), set, 4);
        assertThat(((Map<String, Double>) worse.metrics(1, 0.3).get("abnormalVsNormalAucOfMarkScore")).get("value")).isCloseTo(0.75, offset(1e-9));
    }

    private static float[] concat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        return out;
    }
}
