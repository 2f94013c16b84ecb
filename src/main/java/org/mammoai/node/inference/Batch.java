package org.mammoai.node.inference;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Images as the models take them: n square single-channel images, row-major, values in [0, 1]. */
public record Batch(float[] pixels, int count, int size) {
    public Batch {
        if (pixels.length != (long) count * size * size) {
            throw new IllegalArgumentException("expected " + count + " x " + size + "^2 pixels, got " + pixels.length);
        }
    }

    public TFloat32 tensor() {
        return TFloat32.tensorOf(Shape.of(count, size, size, 1), DataBuffers.of(pixels, true, false));
    }

    /** Copies an output tensor into a new array. */
    public static float[] read(TFloat32 tensor) {
        float[] out = new float[(int) tensor.shape().size()];
        tensor.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
