package org.mammoai.node.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mammoai.node.imaging.Modality;

/**
 * models/NAME/model.json: what a bundled model expects, so inference preprocesses as training did.
 *
 * @param markThreshold the operating point chosen on the validation set: marks scoring below it are not shown and an
 *                      image without a shown mark is normal ({@link MarkScore}); null for models made before it existed
 * @param canvasSize    for tile detectors: the side images are preprocessed to before the model's tiles slide over them
 *                      ({@link TiledDetector}); null for models that take the whole image at inputSize
 * @param mirrorAveraged true when each image and its mirror are predicted and averaged ({@link MirrorAverage}), as chosen
 *                       on the validation set; null or false: the image alone
 */
public record ModelInfo(String name, String dataset, Modality modality, int inputSize, List<String> classes, float maskThreshold,
                        Double markThreshold, Integer canvasSize, Boolean mirrorAveraged) {
    /** The side the shared preprocessing resizes images to for this model. */
    public int preprocessSize() {
        return canvasSize != null ? canvasSize : inputSize;
    }

    /** The same model information with another operating point and mirroring choice. */
    public ModelInfo with(Double markThreshold, Boolean mirrorAveraged) {
        return new ModelInfo(name, dataset, modality, inputSize, classes, maskThreshold, markThreshold, canvasSize, mirrorAveraged);
    }

    public static final String FILE = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelInfo read(Path modelDir) throws IOException {
        return JSON.readValue(modelDir.resolve(FILE).toFile(), ModelInfo.class);
    }

    public void write(Path modelDir) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve(FILE).toFile(), this);
    }
}
