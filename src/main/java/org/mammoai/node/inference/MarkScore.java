package org.mammoai.node.inference;

/**
 * One rule, used by the node and by evaluation alike, for how certain a lesion mark is: the region's peak
 * lesion probability times the class head's probability that the image is abnormal. A mark is shown only at or
 * above the model's operating point (model.json, chosen on the validation set), and an image with no mark
 * shown is reported normal, so findings and the image class never contradict each other.
 */
public final class MarkScore {
    private MarkScore() {}

    public static double of(double peakLesionProbability, float[] classProbabilities) {
        return peakLesionProbability * (1 - classProbabilities[LesionClass.NORMAL.ordinal()]);
    }

    /** The image class reported with an operating point: normal without a shown mark, else benign or malignant. */
    public static LesionClass reportedClass(boolean anyMarkShown, float[] classProbabilities) {
        return anyMarkShown ? ImageFindings.lesionClassOf(classProbabilities) : LesionClass.NORMAL;
    }
}
