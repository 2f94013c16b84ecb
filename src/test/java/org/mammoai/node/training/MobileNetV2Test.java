package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TF encoder (batch norm folded into the kernels, TF SAME padding, inverted residuals) against an
 * independent float64 forward pass written here from the MobileNetV2 definition, on a weights folder this test
 * writes. The real ImageNet weights' reference check needs the shared folder: native/evaluate.sh --pretrained.
 */
class MobileNetV2Test {
    static final double EPS = 1e-3;

    @TempDir
    Path dir;

    @Test
    void encoderMatchesAPlainForwardPassOfTheSameWeights() throws Exception {
        SyntheticMobileNetWeights w = SyntheticMobileNetWeights.write(dir, 5);
        int side = 64;
        Random r = new Random(9);
        float[] input = new float[side * side * 3];
        for (int i = 0; i < input.length; i++) input[i] = r.nextFloat() * 2 - 1;

        float[] tf = MobileNetV2.features(MobileNetV2.Weights.read(dir), new Npy(new long[] {1, side, side, 3}, input));

        double[] expected = reference(w, new Map3(side, side, 3, toDouble(input))).v;
        assertThat(tf).hasSize(expected.length).hasSize(2 * 2 * 1280);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        assertThat(scale).as("features are not all zero").isGreaterThan(0.1);
        for (int i = 0; i < tf.length; i++) {
            assertThat((double) tf[i]).as("feature " + i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, scale)));
        }
    }

    @Test
    void npyReaderRefusesWhatIsNotLittleEndianFloat32OrIsTruncated() throws Exception {
        Path good = dir.resolve("good.npy");
        SyntheticMobileNetWeights.writeNpy(good, new Npy(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        Npy read = Npy.read(good);
        assertThat(read.shape()).containsExactly(2, 3);
        assertThat(read.data()).containsExactly(1, 2, 3, 4, 5, 6);

        Path truncated = dir.resolve("truncated.npy");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> Npy.read(truncated)).hasMessageContaining("20 data bytes for shape (2, 3)");

        Path doubles = dir.resolve("f8.npy");
        Files.write(doubles, new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<f8").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Npy.read(doubles)).hasMessageContaining("only little-endian float32");

        Path png = dir.resolve("not.npy");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> Npy.read(png)).hasMessageContaining("is not a .npy file");
    }

    @Test
    void missingWeightsFolderSaysWhereItLooked() {
        assertThatThrownBy(() -> MobileNetV2.Weights.read(dir.resolve("nowhere")))
                .hasMessageContaining("no MobileNetV2 weights in").hasMessageContaining("--pretrained");
    }

    // ---- the reference forward pass, float64, batch norm applied as written (not folded) ----

    record Map3(int h, int w, int c, double[] v) {
        double at(int y, int x, int ch) { return v[(y * w + x) * c + ch]; }
    }

    static Map3 reference(SyntheticMobileNetWeights w, Map3 x) {
        x = relu6(bn(w, "Conv", conv(x, w.tensors.get("Conv_weights"), 2, false)));
        int in = 32;
        for (int i = 0; i < SyntheticMobileNetWeights.BLOCKS.length; i++) {
            int t = SyntheticMobileNetWeights.BLOCKS[i][0], out = SyntheticMobileNetWeights.BLOCKS[i][1], s = SyntheticMobileNetWeights.BLOCKS[i][2];
            String name = i == 0 ? "expanded_conv" : "expanded_conv_" + i;
            Map3 y = t == 1 ? x : relu6(bn(w, name + "_expand", conv(x, w.tensors.get(name + "_expand_weights"), 1, false)));
            y = relu6(bn(w, name + "_depthwise", conv(y, w.tensors.get(name + "_depthwise_depthwise_weights"), s, true)));
            y = bn(w, name + "_project", conv(y, w.tensors.get(name + "_project_weights"), 1, false));
            if (s == 1 && in == out) {
                double[] sum = y.v.clone();
                for (int k = 0; k < sum.length; k++) sum[k] += x.v[k];
                y = new Map3(y.h, y.w, y.c, sum);
            }
            x = y;
            in = out;
        }
        return relu6(bn(w, "Conv_1", conv(x, w.tensors.get("Conv_1_weights"), 1, false)));
    }

    /** TensorFlow's SAME padding: output ceil(in / stride), the odd pad pixel at the bottom/right. */
    static Map3 conv(Map3 x, Npy kernel, int stride, boolean depthwise) {
        int k = (int) kernel.shape()[0], outC = depthwise ? x.c : (int) kernel.shape()[3];
        int oh = (x.h + stride - 1) / stride, ow = (x.w + stride - 1) / stride;
        int padTop = Math.max((oh - 1) * stride + k - x.h, 0) / 2, padLeft = Math.max((ow - 1) * stride + k - x.w, 0) / 2;
        double[] out = new double[oh * ow * outC];
        float[] K = kernel.data();
        for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
            int iy = oy * stride + ky - padTop, ix = ox * stride + kx - padLeft;
            if (iy < 0 || ix < 0 || iy >= x.h || ix >= x.w) continue;
            int o = (oy * ow + ox) * outC;
            for (int ci = 0; ci < x.c; ci++) {
                double v = x.at(iy, ix, ci);
                if (depthwise) {
                    out[o + ci] += v * K[(ky * k + kx) * x.c + ci];
                } else {
                    int base = ((ky * k + kx) * x.c + ci) * outC;
                    for (int co = 0; co < outC; co++) out[o + co] += v * K[base + co];
                }
            }
        }
        return new Map3(oh, ow, outC, out);
    }

    static Map3 bn(SyntheticMobileNetWeights w, String name, Map3 x) {
        float[] g = w.tensors.get(name + "_BatchNorm_gamma").data(), b = w.tensors.get(name + "_BatchNorm_beta").data();
        float[] m = w.tensors.get(name + "_BatchNorm_moving_mean").data(), var = w.tensors.get(name + "_BatchNorm_moving_variance").data();
        double[] out = new double[x.v.length];
        for (int i = 0; i < out.length; i++) {
            int c = i % x.c;
            out[i] = (x.v[i] - m[c]) / Math.sqrt(var[c] + EPS) * g[c] + b[c];
        }
        return new Map3(x.h, x.w, x.c, out);
    }

    static Map3 relu6(Map3 x) {
        double[] out = new double[x.v.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.min(6, Math.max(0, x.v[i]));
        return new Map3(x.h, x.w, x.c, out);
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
