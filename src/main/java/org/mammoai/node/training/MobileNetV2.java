package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The MobileNetV2 1.0 encoder (Sandler et al. 2018) from raw TF ops, initialised from the ImageNet weights of
 * the TF-slim checkpoint stored as .npy files (see shared/pretrained/mobilenet_v2_1.0_224/README.md). Batch
 * norm uses the pretrained moving statistics, folded into the convolutions (batches of a few images give
 * unreliable statistics, and moving averages would need variables the optimizer must not train).
 */
final class MobileNetV2 {
    /** Channels of the features at strides 2, 4, 8, 16 (ends of blocks 0, 2, 5, 12). */
    static final int[] SKIP_CHANNELS = {16, 24, 32, 96};
    static final int BOTTLENECK_CHANNELS = 320;
    static final int HEAD_CHANNELS = 1280;
    private static final int[] SKIP_BLOCKS = {0, 2, 5, 12};
    /** (expansion t, output channels c, stride s) of the 17 inverted-residual blocks. */
    private static final int[][] BLOCKS = {{1, 16, 1}, {6, 24, 2}, {6, 24, 1}, {6, 32, 2}, {6, 32, 1}, {6, 32, 1},
            {6, 64, 2}, {6, 64, 1}, {6, 64, 1}, {6, 64, 1}, {6, 96, 1}, {6, 96, 1}, {6, 96, 1},
            {6, 160, 2}, {6, 160, 1}, {6, 160, 1}, {6, 320, 1}};
    private static final float BN_EPSILON = 1e-3f;

    private MobileNetV2() {}

    /** @param head the Conv_1 output (1280 channels, stride 32, after ReLU6) */
    record Features(List<Operand<TFloat32>> skips, Operand<TFloat32> bottleneck, Operand<TFloat32> head) {}

    /** The weights folder's tensors, read on demand by their TF-slim names. */
    record Weights(Path dir) {
        static Weights read(Path dir) throws IOException {
            if (!Files.isRegularFile(dir.resolve("weights/Conv_weights.npy"))) {
                throw new IOException("no MobileNetV2 weights in " + dir.toAbsolutePath().normalize()
                        + " (expected weights/Conv_weights.npy ...); give --pretrained DIR");
            }
            return new Weights(dir.resolve("weights"));
        }

        Npy get(String name) throws IOException {
            return Npy.read(dir.resolve(name + ".npy"));
        }
    }

    /**
     * Builds the encoder on rgb (n x S x S x 3, values in [-1, 1]). With a builder, each kernel and bias is the
     * pretrained value plus scale times a learned change (zero at first), so scale 0 freezes the encoder and a
     * small scale fine-tunes it at a lower effective rate under the one optimizer ({@link NetBuilder#tunable});
     * without one, constants only.
     */
    static Features build(Ops tf, Weights w, Operand<TFloat32> rgb, NetBuilder trainable, Operand<TFloat32> scale) throws IOException {
        Layers l = new Layers(tf, w, trainable, scale);
        Operand<TFloat32> x = tf.nn.relu6(l.conv(rgb, "Conv", 2));
        List<Operand<TFloat32>> skips = new ArrayList<>();
        int in = 32;
        for (int i = 0; i < BLOCKS.length; i++) {
            int t = BLOCKS[i][0], out = BLOCKS[i][1], stride = BLOCKS[i][2];
            String name = i == 0 ? "expanded_conv" : "expanded_conv_" + i;
            Operand<TFloat32> y = t == 1 ? x : tf.nn.relu6(l.conv(x, name + "_expand", 1));
            y = tf.nn.relu6(l.depthwise(y, name + "_depthwise", stride));
            y = l.conv(y, name + "_project", 1);
            x = stride == 1 && in == out ? tf.math.add(x, y) : y;
            in = out;
            for (int s : SKIP_BLOCKS) if (s == i) skips.add(x);
        }
        return new Features(skips, x, tf.nn.relu6(l.conv(x, "Conv_1", 1)));
    }

    /** The head features (n x S/32 x S/32 x 1280) of an n x S x S x 3 input in [-1, 1], with constant weights. */
    static float[] features(Weights w, Npy input) throws IOException {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(input.shape()), DataBuffers.of(input.data(), true, false));
            Operand<TFloat32> head = build(tf, w, x, null, null).head();
            try (Result r = s.runner().fetch(head).run()) {
                return org.mammoai.node.inference.Batch.read((TFloat32) r.get(0));
            }
        }
    }

    /** Convolutions with their batch norm folded in: w * g / sqrt(v + eps), bias beta - mean * g / sqrt(v + eps). */
    private record Layers(Ops tf, Weights w, NetBuilder trainable, Operand<TFloat32> scale) {
        Operand<TFloat32> conv(Operand<TFloat32> x, String name, int stride) throws IOException {
            Npy kernel = w.get(name + "_weights");
            Operand<TFloat32>[] folded = fold(kernel, name);
            return tf.nn.biasAdd(tf.nn.conv2d(x, folded[0], List.of(1L, (long) stride, (long) stride, 1L), "SAME"), folded[1]);
        }

        Operand<TFloat32> depthwise(Operand<TFloat32> x, String name, int stride) throws IOException {
            Npy kernel = w.get(name + "_depthwise_weights");
            Operand<TFloat32>[] folded = fold(kernel, name);
            return tf.nn.biasAdd(tf.nn.depthwiseConv2dNative(x, folded[0], List.of(1L, (long) stride, (long) stride, 1L), "SAME"), folded[1]);
        }

        @SuppressWarnings("unchecked")
        private Operand<TFloat32>[] fold(Npy kernel, String name) throws IOException {
            float[] gamma = w.get(name + "_BatchNorm_gamma").data(), beta = w.get(name + "_BatchNorm_beta").data();
            float[] mean = w.get(name + "_BatchNorm_moving_mean").data(), var = w.get(name + "_BatchNorm_moving_variance").data();
            int channels = gamma.length;
            float[] factor = new float[channels], bias = new float[channels];
            for (int c = 0; c < channels; c++) {
                factor[c] = (float) (gamma[c] / Math.sqrt(var[c] + BN_EPSILON));
                bias[c] = beta[c] - mean[c] * factor[c];
            }
            // HWIO (out last) or depthwise HWC1: the batch-norm channel is the flat index modulo the channel count
            float[] k = kernel.data().clone();
            for (int i = 0; i < k.length; i++) k[i] *= factor[i % channels];
            return new Operand[] {tunable(k, kernel.shape()), tunable(bias, new long[] {channels})};
        }

        private Operand<TFloat32> tunable(float[] values, long[] shape) {
            Supplier<Operand<TFloat32>> pretrained = () -> tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
            return trainable == null ? pretrained.get() : trainable.tunable(shape, pretrained, scale);
        }
    }
}
