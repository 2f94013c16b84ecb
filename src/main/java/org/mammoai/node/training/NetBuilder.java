package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The layers and losses both lesion networks are built from, in one graph: seeded He-initialised
 * convolutions, group normalisation (same in training and inference, so no moving statistics), and the
 * mask losses. Every variable made here is trained by the graph's optimizer.
 *
 * <p>A serving builder makes the same layers for export: each parameter is a bare variable that is given its
 * trained value before the SavedModel is written, so the export holds no initialisers, pretrained constants,
 * optimizer slots or gradients.
 */
final class NetBuilder {
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    /**
     * Each parameter's value as the network uses it, in the order the layers made them: the same order in a training
     * and a serving build of one architecture. Training: the variable, or pretrained + scale x learned change.
     * Serving: the variable the trained value is loaded into.
     */
    final List<Operand<TFloat32>> parameters = new ArrayList<>();
    private final long seed;
    private final boolean serving;
    private int layer;

    NetBuilder(long seed) {
        this(seed, false);
    }

    private NetBuilder(long seed, boolean serving) {
        this.seed = seed;
        this.serving = serving;
    }

    /** A builder for the inference-only graph a SavedModel is exported from. */
    static NetBuilder serving() {
        return new NetBuilder(0, true);
    }

    boolean isServing() {
        return serving;
    }

    /** 3x3 convolution, GroupNorm, ReLU on a side x side feature map. */
    Operand<TFloat32> convNormRelu(Operand<TFloat32> x, int in, int out, int side) {
        return tf.nn.relu(groupNorm(conv(x, in, out, 3), out, side));
    }

    /** GroupNorm (Wu & He 2018): normalise over space and channel groups of 4-8 channels, then scale and shift. */
    Operand<TFloat32> groupNorm(Operand<TFloat32> x, int channels, int side) {
        int groups = Math.max(1, Math.min(8, channels / 4));
        Operand<TFloat32> grouped = tf.reshape(x, tf.constant(new int[] {-1, side, side, groups, channels / groups}));
        Operand<TInt32> axes = tf.constant(new int[] {1, 2, 4});
        Operand<TFloat32> mean = tf.math.mean(grouped, axes, Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(grouped, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.mul(centered, centered), axes, Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-5f))));
        Operand<TFloat32> back = tf.reshape(normed, tf.constant(new int[] {-1, side, side, channels}));
        Operand<TFloat32> gamma = parameter(new long[] {channels}, () -> tf.fill(tf.constant(new int[] {channels}), tf.constant(1f)));
        return tf.nn.biasAdd(tf.math.mul(back, gamma), zeros(channels));
    }

    Operand<TFloat32> conv(Operand<TFloat32> x, int in, int out, int kernel) {
        Operand<TFloat32> w = variable(new long[] {kernel, kernel, in, out}, (float) Math.sqrt(2.0 / (kernel * kernel * in)));
        return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), zeros(out));
    }

    /** A dense layer: x (n x in) times weights plus bias. */
    Operand<TFloat32> dense(Operand<TFloat32> x, int in, int out) {
        return tf.nn.biasAdd(tf.linalg.matMul(x, variable(new long[] {in, out}, (float) Math.sqrt(2.0 / in))), zeros(out));
    }

    Operand<TFloat32> zeros(int n) {
        return parameter(new long[] {n}, () -> tf.fill(tf.constant(new int[] {n}), tf.constant(0f)));
    }

    /** He-initialised weights from a seeded truncated normal, so training is reproducible. */
    Operand<TFloat32> variable(long[] shape, float std) {
        return parameter(shape, () -> tf.math.mul(tf.random.truncatedNormal(tf.constant(shape), TFloat32.class,
                TruncatedNormal.seed(seed), TruncatedNormal.seed2((long) ++layer)), tf.constant(std)));
    }

    /**
     * A pretrained tensor the optimizer may adjust: training, pretrained + scale x a learned change that starts at
     * zero (scale 0 freezes it); serving, one variable for the sum.
     */
    Operand<TFloat32> tunable(long[] shape, Supplier<Operand<TFloat32>> pretrained, Operand<TFloat32> scale) {
        if (serving) return parameter(shape, null);
        Operand<TFloat32> value = pretrained.get();
        Operand<TFloat32> change = tf.variable(tf.zeros(tf.constant(shape), TFloat32.class));
        Operand<TFloat32> sum = tf.math.add(value, tf.math.mul(scale, change));
        parameters.add(sum);
        return sum;
    }

    private Operand<TFloat32> parameter(long[] shape, Supplier<Operand<TFloat32>> init) {
        Variable<TFloat32> v = serving ? tf.variable(Shape.of(shape), TFloat32.class) : tf.variable(init.get());
        parameters.add(v);
        return v;
    }

    /**
     * Weighted logistic loss, numerically stable: (1 - z) x + (1 + (q - 1) z) (log(1 + exp(-|x|)) + max(-x, 0)),
     * with q the weight of positive (lesion) pixels; q = 1 is plain binary cross-entropy.
     */
    Operand<TFloat32> sigmoidCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> labels, float q) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> softplusNeg = tf.math.add(tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))),
                tf.math.maximum(tf.math.neg(logits), tf.constant(0f)));
        Operand<TFloat32> weight = tf.math.add(one, tf.math.mul(tf.constant(q - 1f), labels));
        Operand<TFloat32> perPixel = tf.math.add(tf.math.mul(tf.math.sub(one, labels), logits), tf.math.mul(weight, softplusNeg));
        return tf.math.mean(perPixel, tf.constant(new int[] {0, 1, 2, 3}));
    }

    /**
     * 1 - Dice, smoothed by one pixel so empty masks (normal images) stay defined: over the whole batch, or per image
     * and then averaged (an empty image then scores only by how little it predicts).
     */
    Operand<TFloat32> softDiceLoss(Operand<TFloat32> probs, Operand<TFloat32> labels, boolean perImage) {
        Operand<TInt32> axes = tf.constant(perImage ? new int[] {1, 2, 3} : new int[] {0, 1, 2, 3});
        Operand<TFloat32> intersection = tf.math.mul(tf.constant(2f), tf.reduceSum(tf.math.mul(probs, labels), axes));
        Operand<TFloat32> total = tf.math.add(tf.reduceSum(probs, axes), tf.reduceSum(labels, axes));
        Operand<TFloat32> dice = tf.math.div(tf.math.add(intersection, tf.constant(1f)), tf.math.add(total, tf.constant(1f)));
        return tf.math.sub(tf.constant(1f), perImage ? tf.math.mean(dice, tf.constant(0)) : dice);
    }
}
