package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mammoai.node.inference.LesionModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The multi-task U-Net of the seed documents, built from raw TF ops so TF Java can train it:
 * an encoder-decoder with skip connections giving lesion mask logits, and a class head
 * (normal / benign / malignant) on the bottleneck. Each 3x3 convolution is followed by group
 * normalisation (it behaves the same in training and inference, so no moving statistics). Loss: BCE + soft Dice on the mask, plus
 * cross-entropy on the class.
 */
public final class LesionNet {
    public static final int CLASSES = 3;

    public final Graph graph;
    public final Placeholder<TFloat32> image;
    public final Placeholder<TFloat32> trueMask;
    public final Placeholder<TFloat32> trueClass;
    public final Operand<TFloat32> maskProbs;
    public final Operand<TFloat32> classProbs;
    public final Operand<TFloat32> loss;
    public final Operand<TFloat32> maskLoss;
    public final Operand<TFloat32> classLoss;
    public final Op trainStep;

    private final Ops tf;
    private final long seed;
    private int layer;
    /** Spatial side of the feature maps being built, for the reshapes of group normalisation. */
    private int side;

    /**
     * @param size   input side in pixels (divisible by 2^depth)
     * @param filters channels of the first level, doubled at each level down
     */
    public LesionNet(int size, int filters, int depth, float learningRate, float classWeight, long seed) {
        this(size, filters, depth, learningRate, classWeight, 1f, seed);
    }

    /** @param lesionPixelWeight weight of lesion pixels in the BCE; above 1 when lesions are a tiny fraction of the image */
    public LesionNet(int size, int filters, int depth, float learningRate, float classWeight, float lesionPixelWeight, long seed) {
        this.graph = new Graph();
        this.tf = Ops.create(graph);
        this.seed = seed;
        image = tf.withName(LesionModel.INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
        trueMask = tf.withName("true_mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
        trueClass = tf.withName("true_class").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));

        List<Operand<TFloat32>> skips = new ArrayList<>();
        Operand<TFloat32> x = image;
        int channels = 1;
        for (int level = 0; level < depth; level++) {
            int out = filters << level;
            side = size >> level;
            x = convRelu(convRelu(x, channels, out), out, out);
            skips.add(x);
            x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
            channels = out;
        }
        int bottom = filters << depth;
        side = size >> depth;
        x = convRelu(convRelu(x, channels, bottom), bottom, bottom);

        // class head: global average pool of the bottleneck, then a dense layer
        Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
        Operand<TFloat32> classLogits = tf.nn.biasAdd(tf.linalg.matMul(pooled, weight(bottom, CLASSES)), bias(CLASSES));
        classProbs = tf.withName(LesionModel.CLASS_PROBS).nn.softmax(classLogits);

        channels = bottom;
        for (int level = depth - 1; level >= 0; level--) {
            int out = filters << level;
            side = size >> level;
            x = convRelu(tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {side, side})), channels, out);
            x = tf.concat(Arrays.asList(skips.get(level), x), tf.constant(3));
            x = convRelu(convRelu(x, 2 * out, out), out, out);
            channels = out;
        }
        Operand<TFloat32> maskLogits = conv(x, filters, 1, 1);
        maskProbs = tf.withName(LesionModel.MASK).math.sigmoid(maskLogits);

        maskLoss = tf.math.add(sigmoidCrossEntropy(maskLogits, trueMask, lesionPixelWeight), softDiceLoss(maskProbs, trueMask));
        classLoss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(classLogits, trueClass).loss(), tf.constant(0));
        loss = tf.withName("loss").math.add(maskLoss, tf.math.mul(classLoss, tf.constant(classWeight)));
        trainStep = new Adam(graph, learningRate).minimize(loss, "train");
    }

    /** The serving signature exported with the SavedModel. */
    public Signature servingSignature() {
        return Signature.builder().key(Signature.DEFAULT_KEY).input(LesionModel.INPUT, image)
                .output(LesionModel.MASK, maskProbs).output(LesionModel.CLASS_PROBS, classProbs).build();
    }

    private Operand<TFloat32> convRelu(Operand<TFloat32> x, int in, int out) {
        return tf.nn.relu(groupNorm(conv(x, in, out, 3), out));
    }

    /** GroupNorm (Wu & He 2018): normalise over space and channel groups of 4-8 channels, then scale and shift. */
    private Operand<TFloat32> groupNorm(Operand<TFloat32> x, int channels) {
        int groups = Math.max(1, Math.min(8, channels / 4));
        Operand<TFloat32> grouped = tf.reshape(x, tf.constant(new int[] {-1, side, side, groups, channels / groups}));
        Operand<TInt32> axes = tf.constant(new int[] {1, 2, 4});
        Operand<TFloat32> mean = tf.math.mean(grouped, axes, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(grouped, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.mul(centered, centered), axes, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> normed = tf.math.mul(centered, tf.math.rsqrt(tf.math.add(variance, tf.constant(1e-5f))));
        Operand<TFloat32> back = tf.reshape(normed, tf.constant(new int[] {-1, side, side, channels}));
        Variable<TFloat32> gamma = tf.variable(tf.fill(tf.constant(new int[] {channels}), tf.constant(1f)));
        return tf.nn.biasAdd(tf.math.mul(back, gamma), bias(channels));
    }

    private Operand<TFloat32> conv(Operand<TFloat32> x, int in, int out, int kernel) {
        Variable<TFloat32> w = variable(new long[] {kernel, kernel, in, out}, (float) Math.sqrt(2.0 / (kernel * kernel * in)));
        return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), bias(out));
    }

    private Variable<TFloat32> weight(int in, int out) {
        return variable(new long[] {in, out}, (float) Math.sqrt(2.0 / in));
    }

    private Variable<TFloat32> bias(int n) {
        return tf.variable(tf.fill(tf.constant(new int[] {n}), tf.constant(0f)));
    }

    /** He-initialised weights from a seeded truncated normal, so training is reproducible. */
    private Variable<TFloat32> variable(long[] shape, float std) {
        Operand<TFloat32> init = tf.math.mul(tf.random.truncatedNormal(tf.constant(shape), TFloat32.class,
                TruncatedNormal.seed(seed), TruncatedNormal.seed2((long) ++layer)), tf.constant(std));
        return tf.variable(init);
    }

    /**
     * Weighted logistic loss, numerically stable: (1 - z) x + (1 + (q - 1) z) (log(1 + exp(-|x|)) + max(-x, 0)),
     * with q the weight of positive (lesion) pixels; q = 1 is plain binary cross-entropy.
     */
    private Operand<TFloat32> sigmoidCrossEntropy(Operand<TFloat32> logits, Operand<TFloat32> labels, float q) {
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> softplusNeg = tf.math.add(tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))),
                tf.math.maximum(tf.math.neg(logits), tf.constant(0f)));
        Operand<TFloat32> weight = tf.math.add(one, tf.math.mul(tf.constant(q - 1f), labels));
        Operand<TFloat32> perPixel = tf.math.add(tf.math.mul(tf.math.sub(one, labels), logits), tf.math.mul(weight, softplusNeg));
        return tf.math.mean(perPixel, tf.constant(new int[] {0, 1, 2, 3}));
    }

    /** 1 - Dice over the whole batch, smoothed so batches of normal images (empty masks) stay defined. */
    private Operand<TFloat32> softDiceLoss(Operand<TFloat32> probs, Operand<TFloat32> labels) {
        Operand<TInt32> all = tf.constant(new int[] {0, 1, 2, 3});
        Operand<TFloat32> intersection = tf.math.mul(tf.constant(2f), tf.reduceSum(tf.math.mul(probs, labels), all));
        Operand<TFloat32> total = tf.math.add(tf.reduceSum(probs, all), tf.reduceSum(labels, all));
        return tf.math.sub(tf.constant(1f), tf.math.div(tf.math.add(intersection, tf.constant(1f)), tf.math.add(total, tf.constant(1f))));
    }
}
