package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.List;
import org.mammoai.node.inference.Batch;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Float variables of a graph whose values are read, and written all at once, as plain arrays in a fixed order. */
final class VariableValues {
    private final List<Operand<TFloat32>> variables;
    private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    private final Op assign;

    /** Adds one feed per variable and the op that assigns them all to the graph of tf. */
    VariableValues(Ops tf, List<Operand<TFloat32>> variables) {
        this.variables = List.copyOf(variables);
        List<Op> assigns = new ArrayList<>();
        for (Operand<TFloat32> v : this.variables) {
            Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
            feeds.add(feed);
            assigns.add(tf.assign(v, feed));
        }
        assign = tf.withControlDependencies(assigns).noOp();
    }

    /** The values of operands (variables or values computed from them) in one run, in the operands' order. */
    static float[][] read(Session session, List<Operand<TFloat32>> operands) {
        Session.Runner run = session.runner();
        operands.forEach(run::fetch);
        try (Result r = run.run()) {
            float[][] values = new float[operands.size()][];
            for (int i = 0; i < values.length; i++) values[i] = Batch.read((TFloat32) r.get(i));
            return values;
        }
    }

    float[][] read(Session session) {
        return read(session, variables);
    }

    /** The values of the variables of the same names in another session's graph (e.g. an older export's). */
    float[][] readByName(Session other) {
        Session.Runner run = other.runner();
        variables.forEach(v -> run.fetch(v.op().name()));
        try (Result r = run.run()) {
            float[][] values = new float[variables.size()][];
            for (int i = 0; i < values.length; i++) values[i] = Batch.read((TFloat32) r.get(i));
            return values;
        }
    }

    /** Assigns values (same order and sizes as {@link #read(Session)}) in one run. */
    void write(Session session, float[][] values) {
        if (values.length != variables.size()) throw new IllegalArgumentException("expected " + variables.size() + " variables, got " + values.length);
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner run = session.runner();
            for (int i = 0; i < values.length; i++) {
                Shape shape = variables.get(i).shape();
                if (shape.size() != values[i].length) throw new IllegalArgumentException("variable " + i + " holds " + shape.size() + " values, got " + values[i].length);
                TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(values[i], true, false));
                tensors.add(t);
                run.feed(feeds.get(i), t);
            }
            run.addTarget(assign).run();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}
