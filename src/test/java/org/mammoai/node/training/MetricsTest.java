package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void diceAndIouOnKnownMasks() {
        float[] truth = {1, 1, 1, 1, 0, 0, 0, 0};
        float[] pred = {0.9f, 0.8f, 0.1f, 0.6f, 0.7f, 0, 0, 0};
        // predicted {0,1,3,4}: tp 3, |p| 4, |t| 4
        assertThat(Metrics.dice(pred, truth, 0.5f)).isCloseTo(6.0 / 8, offset(1e-9));
        assertThat(Metrics.iou(pred, truth, 0.5f)).isCloseTo(3.0 / 5, offset(1e-9));
        assertThat(Metrics.dice(new float[4], new float[4], 0.5f)).isEqualTo(1.0);
    }

    @Test
    void aucCountsOrderedPairsAndTies() {
        assertThat(Metrics.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true})).isCloseTo(0.75, offset(1e-9));
        assertThat(Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
        assertThat(Metrics.auc(new double[] {1, 2}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void bootstrapIntervalContainsTheEstimateAndNarrowsWithMoreData() {
        double[] values = new double[400];
        for (int i = 0; i < values.length; i++) values[i] = i % 2;
        Metrics.Interval small = Metrics.bootstrap(40, s -> mean(values, s), 500, 1);
        Metrics.Interval large = Metrics.bootstrap(400, s -> mean(values, s), 500, 1);
        assertThat(large.value()).isCloseTo(0.5, offset(1e-9));
        assertThat(large.low()).isLessThan(0.5);
        assertThat(large.high()).isGreaterThan(0.5);
        assertThat(large.high() - large.low()).isLessThan(small.high() - small.low());
    }

    private static double mean(double[] v, int[] sample) {
        double s = 0;
        for (int i : sample) s += v[i];
        return s / sample.length;
    }
}
