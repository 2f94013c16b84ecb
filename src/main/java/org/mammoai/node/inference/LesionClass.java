package org.mammoai.node.inference;

/** The class head's outputs, in index order. */
public enum LesionClass {
    NORMAL, BENIGN, MALIGNANT
}
