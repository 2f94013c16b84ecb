package org.mammoai.node.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mammoai.node.inference.LesionModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * A multi-task lesion network in one TF graph, built from raw ops so TF Java can train it: lesion mask
 * probabilities and a class head (normal / benign / malignant) on one input, BCE + soft Dice on the mask plus
 * (class-balanced) cross-entropy on the class. Two encoders: the seeds' U-Net trained from scratch
 * ({@link #unet}), or an ImageNet-pretrained MobileNetV2 with a light U-Net decoder ({@link #mobileUnet}).
 */
public final class LesionNet {
    public static final int CLASSES = 3;

    /**
     * How the losses are weighted and stepped. classBalance: per-class weights of the class loss (null = equal);
     * dicePerImage: the soft Dice loss taken per image and averaged, like the lesion Dice the model is judged by,
     * instead of over the whole batch (where large lesions outweigh small ones).
     */
    public record Training(float learningRate, float classWeight, float lesionPixelWeight, float[] classBalance, boolean dicePerImage) {
        public Training(float learningRate, float classWeight) {
            this(learningRate, classWeight, 1f, null, false);
        }

        public Training(float learningRate, float classWeight, float lesionPixelWeight, float[] classBalance) {
            this(learningRate, classWeight, lesionPixelWeight, classBalance, false);
        }
    }

    /** The layers from the input to the two heads' logits, built alike on a training and on a serving builder. */
    @FunctionalInterface
    interface Architecture {
        Heads build(NetBuilder b) throws IOException;
    }

    /** @param encoderScale scale of a pretrained encoder's learned change (null: no pretrained encoder, or a serving build) */
    record Heads(Placeholder<TFloat32> image, PlaceholderWithDefault<TFloat32> encoderScale, Operand<TFloat32> maskLogits,
                 Operand<TFloat32> classLogits) {
        /** The serving signature's outputs, named as {@link LesionModel} calls them: mask then class probabilities. */
        List<Operand<TFloat32>> probabilities(Ops tf) {
            return List.of(tf.withName(LesionModel.MASK).math.sigmoid(maskLogits), tf.withName(LesionModel.CLASS_PROBS).nn.softmax(classLogits));
        }
    }

    public final Graph graph;
    final Architecture architecture;
    public final Placeholder<TFloat32> image;
    public final Placeholder<TFloat32> trueMask;
    public final Placeholder<TFloat32> trueClass;
    /** Scale of the pretrained encoder's learned change; fed 0 to freeze it (null: no pretrained encoder). */
    public final PlaceholderWithDefault<TFloat32> encoderScale;
    public final Operand<TFloat32> maskProbs;
    public final Operand<TFloat32> classProbs;
    public final Operand<TFloat32> loss;
    public final Operand<TFloat32> maskLoss;
    public final Operand<TFloat32> classLoss;
    public final Op trainStep;
    /** The learning rate of a training step (defaults to the Training's rate when not fed). */
    public final PlaceholderWithDefault<TFloat32> learningRate;
    /** The trained variables, read and written as arrays (to average weights over epochs). */
    final VariableValues weights;
    /** The parameters as the network uses them (see {@link NetBuilder#parameters}): what an export carries. */
    final List<Operand<TFloat32>> parameters;

    private LesionNet(Architecture architecture, Training t, long seed) throws IOException {
        NetBuilder b = new NetBuilder(seed);
        Heads h = architecture.build(b);
        Ops tf = b.tf;
        this.graph = b.graph;
        this.architecture = architecture;
        this.parameters = List.copyOf(b.parameters);
        this.image = h.image();
        this.encoderScale = h.encoderScale();
        this.trueMask = tf.withName("true_mask").placeholder(TFloat32.class, Placeholder.shape(h.image().shape()));
        this.trueClass = tf.withName("true_class").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));
        Operand<TFloat32> maskLogits = h.maskLogits(), classLogits = h.classLogits();
        List<Operand<TFloat32>> probabilities = h.probabilities(tf);
        maskProbs = probabilities.get(0);
        classProbs = probabilities.get(1);
        maskLoss = tf.math.add(b.sigmoidCrossEntropy(maskLogits, trueMask, t.lesionPixelWeight()), b.softDiceLoss(maskProbs, trueMask, t.dicePerImage()));
        Operand<TFloat32> perImage = tf.nn.softmaxCrossEntropyWithLogits(classLogits, trueClass).loss();
        if (t.classBalance() != null) { // each image weighted by its true class's weight
            Operand<TFloat32> w = tf.reduceSum(tf.math.mul(trueClass, tf.constant(t.classBalance())), tf.constant(1));
            perImage = tf.math.mul(perImage, w);
        }
        classLoss = tf.math.mean(perImage, tf.constant(0));
        loss = tf.withName("loss").math.add(maskLoss, tf.math.mul(classLoss, tf.constant(t.classWeight())));
        ScheduledAdam adam = new ScheduledAdam(graph, loss, t.learningRate());
        trainStep = adam.step;
        learningRate = adam.learningRate;
        weights = new VariableValues(tf, adam.variables);
    }

    /**
     * The seeds' U-Net from scratch: an encoder-decoder with skip connections, each 3x3 convolution followed by
     * GroupNorm, and the class head on the pooled bottleneck.
     *
     * @param size    input side in pixels (divisible by 2^depth)
     * @param filters channels of the first level, doubled at each level down
     */
    public static LesionNet unet(int size, int filters, int depth, Training t, long seed) {
        try {
            return new LesionNet(b -> unetHeads(b, size, filters, depth), t, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the scratch U-Net reads no files
        }
    }

    private static Heads unetHeads(NetBuilder b, int size, int filters, int depth) {
        Ops tf = b.tf;
        Placeholder<TFloat32> image = input(tf, size);
        List<Operand<TFloat32>> skips = new ArrayList<>();
        Operand<TFloat32> x = image;
        int channels = 1;
        for (int level = 0; level < depth; level++) {
            int out = filters << level, side = size >> level;
            x = b.convNormRelu(b.convNormRelu(x, channels, out, side), out, out, side);
            skips.add(x);
            x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
            channels = out;
        }
        int bottom = filters << depth, side = size >> depth;
        x = b.convNormRelu(b.convNormRelu(x, channels, bottom, side), bottom, bottom, side);
        Operand<TFloat32> classLogits = b.dense(tf.math.mean(x, tf.constant(new int[] {1, 2})), bottom, CLASSES);

        channels = bottom;
        for (int level = depth - 1; level >= 0; level--) {
            int out = filters << level;
            side = size >> level;
            x = b.convNormRelu(tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {side, side})), channels, out, side);
            x = tf.concat(Arrays.asList(skips.get(level), x), tf.constant(3));
            x = b.convNormRelu(b.convNormRelu(x, 2 * out, out, side), out, out, side);
            channels = out;
        }
        return new Heads(image, null, b.conv(x, filters, 1, 1), classLogits);
    }

    /**
     * MobileNetV2 (ImageNet weights from {@code pretrained}) as the encoder; a light decoder upsamples the
     * stride-32 features bilinearly, concatenating the stride 16/8/4/2 skips, each followed by a 3x3
     * convolution + GroupNorm + ReLU (96/32/24/16 channels), to mask logits at stride 2 resized to the input.
     * The class head is a dense layer on the pooled 1280 head features.
     *
     * @param encoderLearningRatio the encoder's effective learning rate relative to the decoder's when not frozen
     */
    public static LesionNet mobileUnet(int size, Path pretrained, float encoderLearningRatio, Training t, long seed) throws IOException {
        return mobileUnet(size, pretrained, encoderLearningRatio, 1, t, seed);
    }

    /** @param decoderConvs 3x3 convolutions (with GroupNorm and ReLU) per decoder level: 1 is the light decoder, 2 a deeper one */
    public static LesionNet mobileUnet(int size, Path pretrained, float encoderLearningRatio, int decoderConvs, Training t, long seed)
            throws IOException {
        if (decoderConvs < 1) throw new IllegalArgumentException("at least one convolution per decoder level");
        if (size % 32 != 0) throw new IllegalArgumentException("MobileNetV2 input side must be a multiple of 32, got " + size);
        MobileNetV2.Weights weights = MobileNetV2.Weights.read(pretrained);
        return new LesionNet(b -> mobileUnetHeads(b, size, weights, encoderLearningRatio, decoderConvs), t, seed);
    }

    private static Heads mobileUnetHeads(NetBuilder b, int size, MobileNetV2.Weights weights, float encoderLearningRatio, int decoderConvs)
            throws IOException {
        Ops tf = b.tf;
        Placeholder<TFloat32> image = input(tf, size);
        // a serving build has no learned change to scale: its encoder parameters are the sums training used
        PlaceholderWithDefault<TFloat32> scale = b.isServing() ? null
                : tf.withName("encoder_scale").placeholderWithDefault(tf.constant(encoderLearningRatio), Shape.scalar());
        // the encoder takes RGB in [-1, 1]; our inputs are grayscale in [0, 1]
        Operand<TFloat32> gray = tf.math.sub(tf.math.mul(image, tf.constant(2f)), tf.constant(1f));
        Operand<TFloat32> rgb = tf.concat(Arrays.asList(gray, gray, gray), tf.constant(3));
        MobileNetV2.Features f = MobileNetV2.build(tf, weights, rgb, b, scale);

        int[] skipChannels = MobileNetV2.SKIP_CHANNELS; // strides 2, 4, 8, 16
        int[] decoderChannels = {16, 24, 32, 96};
        Operand<TFloat32> x = f.bottleneck();
        int channels = MobileNetV2.BOTTLENECK_CHANNELS;
        for (int level = 3; level >= 0; level--) {
            int side = size >> (level + 1);
            x = tf.image.resizeBilinear(x, tf.constant(new int[] {side, side}), ResizeBilinear.halfPixelCenters(true));
            x = tf.concat(Arrays.asList(f.skips().get(level), x), tf.constant(3));
            x = b.convNormRelu(x, channels + skipChannels[level], decoderChannels[level], side);
            for (int extra = 1; extra < decoderConvs; extra++) x = b.convNormRelu(x, decoderChannels[level], decoderChannels[level], side);
            channels = decoderChannels[level];
        }
        Operand<TFloat32> halfLogits = b.conv(x, channels, 1, 1);
        Operand<TFloat32> maskLogits = tf.image.resizeBilinear(halfLogits, tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true));
        Operand<TFloat32> pooled = tf.math.mean(f.head(), tf.constant(new int[] {1, 2}));
        Operand<TFloat32> classLogits = b.dense(pooled, MobileNetV2.HEAD_CHANNELS, CLASSES);
        return new Heads(image, scale, maskLogits, classLogits);
    }

    private static Placeholder<TFloat32> input(Ops tf, int size) {
        return tf.withName(LesionModel.INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
    }
}
