package org.mammoai.node.pipeline;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;

/**
 * Whether an image is one the models were trained for: a 2D screening/diagnostic mammogram view or a breast
 * ultrasound frame. Localizers and scouts (e.g. stereotactic scout images), specimen radiographs and raw
 * For Processing images are left alone, with the reason, instead of getting marks no one can use.
 */
final class ImageSuitability {
    /** Mammographic View Position values (PS3.3 C.8.11.7.1.1, the views of CID 4014), without specimen. */
    static final Set<String> MAMMOGRAPHY_VIEWS = Set.of("CC", "FB", "MLO", "ML", "LM", "LMO", "SIO", "ISO",
            "XCC", "XCCL", "XCCM", "AT", "CV", "RL", "RM", "TAN");
    private static final String[] UNSUITABLE_WORDS = {"specimen", "scout", "localizer", "stereotactic"};

    private ImageSuitability() {}

    /** Why this image is not analysed, or empty when it is suitable. */
    static Optional<String> unsuitable(SourceImage image, Modality modality) {
        for (String value : image.descriptors().imageType()) {
            if (value.equals("LOCALIZER") || value.equals("SCOUT")) {
                return Optional.of("a " + value.toLowerCase(Locale.ROOT) + " image (Image Type), not a diagnostic view");
            }
        }
        if (modality != Modality.MAMMOGRAPHY) return Optional.empty();
        if ("FOR PROCESSING".equals(image.descriptors().presentationIntentType())) {
            return Optional.of("a For Processing (raw detector) image; the model reads For Presentation images");
        }
        String view = image.view().position();
        if (!view.isEmpty() && !MAMMOGRAPHY_VIEWS.contains(view)) {
            return Optional.of("view position " + view + " is not a standard mammographic view");
        }
        SourceImage.CodedValue code = image.view().code();
        String described = String.join(" ", code == null ? "" : code.meaning(), String.join(" ", image.view().modifierMeanings()),
                image.descriptors().bodyPartExamined(), image.descriptors().seriesDescription()).toLowerCase(Locale.ROOT);
        for (String word : UNSUITABLE_WORDS) {
            if (described.contains(word)) return Optional.of("a " + word + " image (view, body part or series description), not a screening/diagnostic view");
        }
        return Optional.empty();
    }
}
