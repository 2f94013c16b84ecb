package org.mammoai.node.inference;

import java.util.List;

/**
 * What the model said about one image: the image-level class and the lesions its mask outlines.
 *
 * @param note what a reader should know about how the image was analysed (e.g. which frame), or null
 */
public record ImageFindings(String model, String modelVersion, LesionClass predictedClass, float[] classProbabilities,
                            List<Lesion> lesions, String note) {

    /** The abnormal class lesions are labelled with: benign or malignant, whichever the class head rates higher. */
    public static LesionClass lesionClassOf(float[] classProbabilities) {
        return classProbabilities[LesionClass.MALIGNANT.ordinal()] > classProbabilities[LesionClass.BENIGN.ordinal()]
                ? LesionClass.MALIGNANT : LesionClass.BENIGN;
    }

    public float probability(LesionClass c) {
        return classProbabilities[c.ordinal()];
    }
}
