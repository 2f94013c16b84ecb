package org.mammoai.node.pipeline;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mammoai.node.imaging.Modality;

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
    static Optional<String> unsuitable(AttributeList list, Modality modality) {
        for (String value : values(list.get(TagFromName.ImageType))) {
            if (value.equals("LOCALIZER") || value.equals("SCOUT")) {
                return Optional.of("a " + value.toLowerCase(Locale.ROOT) + " image (Image Type), not a diagnostic view");
            }
        }
        if (modality != Modality.MAMMOGRAPHY) return Optional.empty();
        if ("FOR PROCESSING".equals(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PresentationIntentType))) {
            return Optional.of("a For Processing (raw detector) image; the model reads For Presentation images");
        }
        String view = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.ViewPosition).trim().toUpperCase(Locale.ROOT);
        if (!view.isEmpty() && !MAMMOGRAPHY_VIEWS.contains(view)) {
            return Optional.of("view position " + view + " is not a standard mammographic view");
        }
        String described = String.join(" ", codeMeanings(list, TagFromName.ViewCodeSequence),
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.BodyPartExamined),
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesDescription)).toLowerCase(Locale.ROOT);
        for (String word : UNSUITABLE_WORDS) {
            if (described.contains(word)) return Optional.of("a " + word + " image (view, body part or series description), not a screening/diagnostic view");
        }
        return Optional.empty();
    }

    private static String[] values(Attribute a) {
        try {
            String[] v = a == null ? null : a.getStringValues();
            return v == null ? new String[0] : v;
        } catch (com.pixelmed.dicom.DicomException e) {
            return new String[0];
        }
    }

    /** Code meanings of a code sequence and of the view modifiers nested in its items. */
    private static String codeMeanings(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        StringBuilder out = new StringBuilder();
        if (list.get(tag) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                AttributeList item = seq.getItem(i).getAttributeList();
                out.append(Attribute.getSingleStringValueOrEmptyString(item, TagFromName.CodeMeaning)).append(' ');
                out.append(codeMeanings(item, TagFromName.ViewModifierCodeSequence));
            }
        }
        return out.toString();
    }
}
