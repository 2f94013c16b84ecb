package org.mammoai.node.pipeline;

import java.util.Optional;
import org.mammoai.node.imaging.Modality;

/** Which model an image goes to, from its Modality attribute and SOP class. */
public final class ImageModality {
    private static final String MG_SOP_CLASS_PREFIX = "1.2.840.10008.5.1.4.1.1.1.2"; // MG for presentation/processing
    private static final String TOMOSYNTHESIS = "1.2.840.10008.5.1.4.1.1.13.1.3";

    private ImageModality() {}

    /** Empty for anything our models were not trained on (tomosynthesis volumes, other modalities). */
    public static Optional<Modality> of(String modality, String sopClassUid) {
        if (TOMOSYNTHESIS.equals(sopClassUid)) return Optional.empty();
        if ("MG".equals(modality) || sopClassUid.startsWith(MG_SOP_CLASS_PREFIX)) return Optional.of(Modality.MAMMOGRAPHY);
        if ("US".equals(modality)) return Optional.of(Modality.ULTRASOUND);
        return Optional.empty();
    }
}
