package org.mammoai.node.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The running mean of a network's weights over the epochs it is given (stochastic weight averaging, Izmailov et
 * al. 2018): one set of weights in a flatter region than any single epoch's, where validation swings from epoch to
 * epoch. Kept in a file beside the checkpoints so a resumed run continues the same mean.
 */
final class WeightAverage {
    private float[][] mean;
    private int count;

    int count() {
        return count;
    }

    float[][] mean() {
        return mean;
    }

    void add(float[][] weights) {
        if (mean == null) {
            mean = new float[weights.length][];
            for (int i = 0; i < weights.length; i++) mean[i] = weights[i].clone();
            count = 1;
            return;
        }
        if (weights.length != mean.length) throw new IllegalArgumentException("expected " + mean.length + " variables, got " + weights.length);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != mean[i].length) throw new IllegalArgumentException("variable " + i + " changed size");
        }
        count++;
        for (int i = 0; i < weights.length; i++) {
            float[] m = mean[i], w = weights[i];
            for (int k = 0; k < m.length; k++) m[k] += (w[k] - m[k]) / count;
        }
    }

    /** Written whole to a temporary file, then moved over the old one: a crash leaves the previous mean. */
    void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(count);
            out.writeInt(mean == null ? 0 : mean.length);
            for (int i = 0; mean != null && i < mean.length; i++) {
                out.writeInt(mean[i].length);
                for (float v : mean[i]) out.writeFloat(v);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The mean saved at {@code file}, or an empty one when there is none. */
    static WeightAverage load(Path file) throws IOException {
        WeightAverage a = new WeightAverage();
        if (!Files.exists(file)) return a;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int count = in.readInt(), variables = in.readInt();
            if (count < 0 || variables < 0 || (count == 0) != (variables == 0)) throw new IOException("not a weight average: " + file);
            float[][] mean = new float[variables][];
            for (int i = 0; i < variables; i++) {
                int n = in.readInt();
                if (n < 0 || (long) n * Float.BYTES > Files.size(file)) throw new IOException("not a weight average: " + file);
                mean[i] = new float[n];
                for (int k = 0; k < n; k++) mean[i][k] = in.readFloat();
            }
            a.count = count;
            a.mean = variables == 0 ? null : mean;
        }
        return a;
    }
}
