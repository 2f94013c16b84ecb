package org.mammoai.node.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mammoai.node.inference.LesionModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
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

    public final Graph graph;
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
    /** The trained variables; each one's feed, and the op that assigns all feeds at once (to load averaged weights). */
    final List<Operand<TFloat32>> weights;
    final List<Placeholder<TFloat32>> weightFeeds = new ArrayList<>();
    final Op assignWeights;

    private LesionNet(NetBuilder b, Placeholder<TFloat32> image, Placeholder<TFloat32> trueMask, PlaceholderWithDefault<TFloat32> encoderScale,
                      Operand<TFloat32> maskLogits, Operand<TFloat32> classLogits, Training t) {
        Ops tf = b.tf;
        this.graph = b.graph;
        this.image = image;
        this.trueMask = trueMask;
        this.encoderScale = encoderScale;
        this.trueClass = tf.withName("true_class").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));
        classProbs = tf.withName(LesionModel.CLASS_PROBS).nn.softmax(classLogits);
        maskProbs = tf.withName(LesionModel.MASK).math.sigmoid(maskLogits);
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
        weights = List.copyOf(adam.variables);
        List<Op> assigns = new ArrayList<>();
        for (Operand<TFloat32> w : weights) {
            Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
            weightFeeds.add(feed);
            assigns.add(tf.assign(w, feed));
        }
        assignWeights = tf.withControlDependencies(assigns).noOp();
    }

    /**
     * The seeds' U-Net from scratch: an encoder-decoder with skip connections, each 3x3 convolution followed by
     * GroupNorm, and the class head on the pooled bottleneck.
     *
     * @param size    input side in pixels (divisible by 2^depth)
     * @param filters channels of the first level, doubled at each level down
     */
    public static LesionNet unet(int size, int filters, int depth, Training t, long seed) {
        NetBuilder b = new NetBuilder(seed);
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
        return new LesionNet(b, image, maskInput(tf, size), null, b.conv(x, filters, 1, 1), classLogits, t);
    }

    /**
     * MobileNetV2 (ImageNet weights from {@code pretrained}) as the encoder; a light decoder upsamples the
     * stride-32 features bilinearly, concatenating the stride 16/8/4/2 skips, each followed by a 3x3
     * convolution + GroupNorm + ReLU (96/32/24/16 channels), to mask logits at stride 2 resized to the input.
     * The class head is a dense layer on the pooled 1280 head features.
     *
     * @param encoderLearningRatio the encoder's effective learning rate relative to the decoder's when not frozen
     */
    public static LesionNet mobileUnet(int size, Path pretrained, float encoderLearningRatio, Training t, long seed) throws java.io.IOException {
        return mobileUnet(size, pretrained, encoderLearningRatio, 1, t, seed);
    }

    /** @param decoderConvs 3x3 convolutions (with GroupNorm and ReLU) per decoder level: 1 is the light decoder, 2 a deeper one */
    public static LesionNet mobileUnet(int size, Path pretrained, float encoderLearningRatio, int decoderConvs, Training t, long seed)
            throws java.io.IOException {
        if (decoderConvs < 1) throw new IllegalArgumentException("at least one convolution per decoder level");
        if (size % 32 != 0) throw new IllegalArgumentException("MobileNetV2 input side must be a multiple of 32, got " + size);
        NetBuilder b = new NetBuilder(seed);
        Ops tf = b.tf;
        Placeholder<TFloat32> image = input(tf, size);
        PlaceholderWithDefault<TFloat32> scale = tf.withName("encoder_scale").placeholderWithDefault(tf.constant(encoderLearningRatio), Shape.scalar());
        // the encoder takes RGB in [-1, 1]; our inputs are grayscale in [0, 1]
        Operand<TFloat32> gray = tf.math.sub(tf.math.mul(image, tf.constant(2f)), tf.constant(1f));
        Operand<TFloat32> rgb = tf.concat(Arrays.asList(gray, gray, gray), tf.constant(3));
        MobileNetV2.Features f = MobileNetV2.build(tf, MobileNetV2.Weights.read(pretrained), rgb, b, scale);

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
        return new LesionNet(b, image, maskInput(tf, size), scale, maskLogits, classLogits, t);
    }

    private static Placeholder<TFloat32> input(Ops tf, int size) {
        return tf.withName(LesionModel.INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
    }

    private static Placeholder<TFloat32> maskInput(Ops tf, int size) {
        return tf.withName("true_mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
    }

    /** The serving signature exported with the SavedModel. */
    public Signature servingSignature() {
        return Signature.builder().key(Signature.DEFAULT_KEY).input(LesionModel.INPUT, image)
                .output(LesionModel.MASK, maskProbs).output(LesionModel.CLASS_PROBS, classProbs).build();
    }
}
