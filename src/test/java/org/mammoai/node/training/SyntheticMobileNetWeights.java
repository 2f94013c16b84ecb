package org.mammoai.node.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A MobileNetV2 weights folder in the layout and .npy format of the pretrained one, with seeded random values
 * (kernels scaled by fan-in, positive variances), so encoder tests need no third-party file.
 */
final class SyntheticMobileNetWeights {
    static final int[][] BLOCKS = {{1, 16, 1}, {6, 24, 2}, {6, 24, 1}, {6, 32, 2}, {6, 32, 1}, {6, 32, 1},
            {6, 64, 2}, {6, 64, 1}, {6, 64, 1}, {6, 64, 1}, {6, 96, 1}, {6, 96, 1}, {6, 96, 1},
            {6, 160, 2}, {6, 160, 1}, {6, 160, 1}, {6, 320, 1}};

    /** Every tensor by its TF-slim name, as written. */
    final Map<String, Npy> tensors = new LinkedHashMap<>();

    static SyntheticMobileNetWeights write(Path dir, long seed) throws IOException {
        SyntheticMobileNetWeights w = new SyntheticMobileNetWeights();
        Random r = new Random(seed);
        w.conv(r, "Conv", new long[] {3, 3, 3, 32});
        int in = 32;
        for (int i = 0; i < BLOCKS.length; i++) {
            int t = BLOCKS[i][0], out = BLOCKS[i][1], hidden = in * t;
            String name = i == 0 ? "expanded_conv" : "expanded_conv_" + i;
            if (t != 1) w.conv(r, name + "_expand", new long[] {1, 1, in, hidden});
            w.tensor(r, name + "_depthwise_depthwise_weights", new long[] {3, 3, hidden, 1}, 1 / 3.0, 0);
            w.batchNorm(r, name + "_depthwise", hidden);
            w.conv(r, name + "_project", new long[] {1, 1, hidden, out});
            in = out;
        }
        w.conv(r, "Conv_1", new long[] {1, 1, 320, 1280});
        Path weights = Files.createDirectories(dir.resolve("weights"));
        for (Map.Entry<String, Npy> e : w.tensors.entrySet()) writeNpy(weights.resolve(e.getKey() + ".npy"), e.getValue());
        return w;
    }

    private void conv(Random r, String name, long[] shape) {
        tensor(r, name + "_weights", shape, 1 / Math.sqrt(shape[0] * shape[1] * shape[2]), 0);
        batchNorm(r, name, (int) shape[3]);
    }

    private void batchNorm(Random r, String name, int channels) {
        tensor(r, name + "_BatchNorm_gamma", new long[] {channels}, 0.2, 1);
        tensor(r, name + "_BatchNorm_beta", new long[] {channels}, 0.1, 0);
        tensor(r, name + "_BatchNorm_moving_mean", new long[] {channels}, 0.1, 0);
        tensor(r, name + "_BatchNorm_moving_variance", new long[] {channels}, 0.3, 1.5); // stays positive
    }

    private void tensor(Random r, String name, long[] shape, double std, double mean) {
        float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (mean + std * r.nextGaussian());
        tensors.put(name, new Npy(shape, v));
    }

    static void writeNpy(Path file, Npy npy) throws IOException {
        String dims = Arrays.stream(npy.shape()).mapToObj(Long::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims
                + (npy.shape().length == 1 ? "," : "") + "), }");
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + npy.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        b.asFloatBuffer().put(npy.data());
        Files.write(file, b.array());
    }
}
