package org.mammoai.node.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** A lesion model exported as a SavedModel (models/<name>/saved_model), called through its serving signature. */
public final class LesionModel implements AutoCloseable {
    /** The serving signature's names: the contract between training (LesionNet) and inference. */
    public static final String INPUT = "image";
    public static final String MASK = "mask";
    public static final String CLASS_PROBS = "class_probs";

    private final SavedModelBundle bundle;
    private final SessionFunction serving;
    private final int size;

    private LesionModel(SavedModelBundle bundle, int size) {
        this.bundle = bundle;
        this.serving = bundle.function("serving_default");
        this.size = size;
    }

    public static LesionModel load(Path savedModelDir) {
        return load(savedModelDir, true);
    }

    /** @param allowGpu false keeps a GPU build on the CPU (TensorFlow otherwise takes a visible GPU by itself) */
    public static LesionModel load(Path savedModelDir, boolean allowGpu) {
        if (!Files.isRegularFile(savedModelDir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("no SavedModel in " + savedModelDir);
        }
        SavedModelBundle.Loader loader = SavedModelBundle.loader(savedModelDir.toString()).withTags(SavedModelBundle.DEFAULT_TAG);
        if (!allowGpu) {
            loader = loader.withConfigProto(ConfigProto.newBuilder().putDeviceCount("GPU", 0).build());
        }
        SavedModelBundle bundle = loader.load();
        long side = bundle.function("serving_default").signature().getInputs().get(INPUT).shape.get(1);
        return new LesionModel(bundle, (int) side);
    }

    /** The square input side the model was trained at. */
    public int inputSize() {
        return size;
    }

    public Prediction predict(Batch batch) {
        if (batch.size() != size) {
            throw new IllegalArgumentException("model takes " + size + "px images, got " + batch.size());
        }
        try (TFloat32 input = batch.tensor(); Result out = serving.call(Map.of(INPUT, input))) {
            return new Prediction(Batch.read((TFloat32) out.get(MASK).orElseThrow()),
                    Batch.read((TFloat32) out.get(CLASS_PROBS).orElseThrow()), batch.count(), size);
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
