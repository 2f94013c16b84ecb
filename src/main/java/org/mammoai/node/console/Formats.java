package org.mammoai.node.console;

import io.quarkus.qute.TemplateExtension;

/** How the pages show numbers to people: probabilities as percentages, positions and areas rounded. */
@TemplateExtension
final class Formats {
    private Formats() {}

    static String percent(Float p) {
        return p == null ? "" : percent(p.doubleValue());
    }

    static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", p * 100);
    }

    static String rounded(double v) {
        return String.format(java.util.Locale.ROOT, "%.0f", v);
    }

    static String rounded(Double v) {
        return v == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
