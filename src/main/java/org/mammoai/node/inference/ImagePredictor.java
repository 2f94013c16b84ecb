package org.mammoai.node.inference;

/**
 * A bundled model as the node and the evaluation run it: one preprocessed image (side x side, values in [0, 1])
 * in, its lesion map (same side) and class probabilities out. Whole-image models take the image as it is;
 * tile detectors ({@link TiledDetector}) slide over it; {@link MirrorAverage} where the model says so.
 */
@FunctionalInterface
public interface ImagePredictor {
    Prediction predict(float[] image, int side);

    static ImagePredictor of(ModelInfo info, LesionModel model) {
        if (info.canvasSize() != null) return (image, side) -> TiledDetector.predict(model, image, side);
        if (Boolean.TRUE.equals(info.mirrorAveraged())) return (image, side) -> MirrorAverage.predict(model::predict, image, side);
        return (image, side) -> model.predict(new Batch(image, 1, side));
    }
}
