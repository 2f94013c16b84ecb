package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.Prediction;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** A LesionNet in a session: training steps, predictions, checkpoints and SavedModel export. */
public final class NetSession implements AutoCloseable {
    public record Losses(float total, float mask, float classification) {}

    private final LesionNet net;
    private final Session session;

    public NetSession(LesionNet net) {
        this.net = net;
        this.session = new Session(net.graph);
        session.initialize();
    }

    /** One optimizer step on a batch; masks n x size^2 in {0,1}, classes one-hot n x 3. */
    public Losses train(Batch images, float[] masks, float[] classesOneHot) {
        return train(images, masks, classesOneHot, false);
    }

    /** @param freezeEncoder keep a pretrained encoder as it is for this step (no effect on the scratch U-Net) */
    public Losses train(Batch images, float[] masks, float[] classesOneHot, boolean freezeEncoder) {
        return train(images, masks, classesOneHot, freezeEncoder, Float.NaN);
    }

    /** @param learningRate this step's learning rate; NaN: the network's base rate */
    public Losses train(Batch images, float[] masks, float[] classesOneHot, boolean freezeEncoder, float learningRate) {
        try (TFloat32 rate = TFloat32.scalarOf(learningRate);
             TFloat32 x = images.tensor();
             TFloat32 m = new Batch(masks, images.count(), images.size()).tensor(); // masks have the images' shape
             TFloat32 c = TFloat32.tensorOf(Shape.of(images.count(), LesionNet.CLASSES), DataBuffers.of(classesOneHot, true, false));
             TFloat32 zero = TFloat32.scalarOf(0f)) {
            Session.Runner run = session.runner().feed(net.image, x).feed(net.trueMask, m).feed(net.trueClass, c);
            if (freezeEncoder && hasPretrainedEncoder()) run = run.feed(net.encoderScale, zero);
            if (!Float.isNaN(learningRate)) run = run.feed(net.learningRate, rate);
            try (Result r = run.addTarget(net.trainStep).fetch(net.loss).fetch(net.maskLoss).fetch(net.classLoss).run()) {
                return new Losses(((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(), ((TFloat32) r.get(2)).getFloat());
            }
        }
    }

    public boolean hasPretrainedEncoder() {
        return net.encoderScale != null;
    }

    public Prediction predict(Batch images) {
        try (TFloat32 x = images.tensor();
             Result r = session.runner().feed(net.image, x).fetch(net.maskProbs).fetch(net.classProbs).run()) {
            return new Prediction(Batch.read((TFloat32) r.get(0)), Batch.read((TFloat32) r.get(1)), images.count(), images.size());
        }
    }

    /** The trained variables' current values, in a fixed order (the optimizer's). */
    public float[][] weights() {
        return net.weights.read(session);
    }

    /** Replaces the trained variables' values (same order and sizes as {@link #weights()}). */
    public void setWeights(float[][] values) {
        net.weights.write(session, values);
    }

    public void saveCheckpoint(Path dir) throws IOException {
        Files.createDirectories(dir);
        session.save(dir.resolve("ckpt").toString());
    }

    public void restoreCheckpoint(Path dir) {
        session.restore(dir.resolve("ckpt").toString());
    }

    /** Takes the trained variables' values from the variables of the same names in another session (an older export's). */
    public void copyWeightsFrom(Session other) {
        setWeights(net.weights.readByName(other));
    }

    /** The network and its session, for tests that need what the methods above hide. */
    LesionNet net() {
        return net;
    }

    Session session() {
        return session;
    }

    public static boolean hasCheckpoint(Path dir) {
        return Files.exists(dir.resolve("ckpt.index"));
    }

    /** Writes the inference-only SavedModel ({@link ServingGraph}) of the current weights. */
    public void export(Path dir) throws IOException {
        ServingGraph.export(net.architecture, VariableValues.read(session, net.parameters), dir);
    }

    @Override
    public void close() {
        session.close();
        net.graph.close();
    }
}
