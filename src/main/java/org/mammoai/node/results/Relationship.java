package org.mammoai.node.results;

/** SR relationship types (PS3.3 C.17.3.2.4), as the templates name them. */
enum Relationship {
    CONTAINS("CONTAINS"),
    HAS_PROPERTIES("HAS PROPERTIES"),
    HAS_OBS_CONTEXT("HAS OBS CONTEXT"),
    HAS_ACQ_CONTEXT("HAS ACQ CONTEXT"),
    HAS_CONCEPT_MOD("HAS CONCEPT MOD"),
    INFERRED_FROM("INFERRED FROM"),
    SELECTED_FROM("SELECTED FROM");

    final String dicom;

    Relationship(String dicom) {
        this.dicom = dicom;
    }
}
