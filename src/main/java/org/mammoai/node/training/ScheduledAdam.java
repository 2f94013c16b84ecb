package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam whose learning rate is fed on each step, so training can anneal it. TF Java's own Adam takes the rate
 * as a constant baked into the graph; this builds the same update (TF's ApplyAdam kernel) with the rate as
 * a placeholder that defaults to the base rate.
 */
final class ScheduledAdam {
    private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

    /** The learning rate of a step; unfed, the base rate. */
    final PlaceholderWithDefault<TFloat32> learningRate;
    /** Applies one update to every trainable variable of the graph. */
    final Op step;
    /** The variables it trains, in a fixed order. */
    final List<Operand<TFloat32>> variables = new ArrayList<>();

    ScheduledAdam(Graph graph, Operand<TFloat32> loss, float baseRate) {
        Ops tf = Ops.create(graph).withSubScope("scheduled_adam");
        learningRate = tf.withName("learning_rate").placeholderWithDefault(tf.constant(baseRate), Shape.scalar());
        // gradients only: the descent optimizer's own update is never added to the graph
        List<Optimizer.GradAndVar<?>> gradients = new GradientDescent(graph, baseRate).computeGradients(loss);
        Variable<TFloat32> beta1Power = tf.variable(tf.constant(BETA1));
        Variable<TFloat32> beta2Power = tf.variable(tf.constant(BETA2));
        List<Op> updates = new ArrayList<>();
        for (Optimizer.GradAndVar<?> gv : gradients) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> variable = (Operand<TFloat32>) gv.getVariable();
            variables.add(variable);
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gradient = (Operand<TFloat32>) gv.getGradient();
            Shape shape = variable.shape();
            Variable<TFloat32> m = tf.variable(tf.zeros(tf.constant(shape), TFloat32.class));
            Variable<TFloat32> v = tf.variable(tf.zeros(tf.constant(shape), TFloat32.class));
            updates.add(tf.train.applyAdam(variable, m, v, beta1Power, beta2Power, learningRate,
                    tf.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), gradient));
        }
        // the bias corrections advance after every variable has used this step's values
        Ops after = tf.withControlDependencies(updates);
        Op nextBeta1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(BETA1)));
        Op nextBeta2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(BETA2)));
        step = tf.withName("train").withControlDependencies(List.of(nextBeta1, nextBeta2)).noOp();
    }

    /**
     * Cosine annealing from the base rate to a hundredth of it over the run.
     *
     * @param progress fraction of the run done, 0..1
     */
    static float cosine(float baseRate, double progress) {
        double p = Math.min(1, Math.max(0, progress));
        double floor = baseRate * 0.01;
        return (float) (floor + 0.5 * (baseRate - floor) * (1 + Math.cos(Math.PI * p)));
    }
}
