package org.mammoai.node.imaging;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/** Whether a single value is valid for its Value Representation (PS3.5 6.2): the checks a copied value must pass. */
public final class VrValues {
    private static final Pattern AGE = Pattern.compile("\\d{3}[DWMY]");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3])([0-5]\\d([0-5]\\d(\\.\\d{1,6})?)?)?");
    private static final Pattern CODE_STRING = Pattern.compile("[A-Z0-9 _]{0,16}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private VrValues() {}

    /** @param vr two-letter VR; VRs this class does not know are never valid (we copy only what we can check) */
    public static boolean valid(String vr, String value) {
        if (value == null) return false;
        return switch (vr) {
            case "AS" -> AGE.matcher(value).matches();
            case "DA" -> date(value);
            case "TM" -> TIME.matcher(value).matches();
            case "CS" -> CODE_STRING.matcher(value).matches();
            case "SH" -> text(value, 16);
            case "LO" -> text(value, 64);
            case "PN" -> personName(value);
            default -> false;
        };
    }

    private static boolean date(String value) {
        if (value.length() != 8) return false;
        try {
            LocalDate.parse(value, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Short/long strings: at most n characters, one value (no backslash), no control characters but ESC (character sets). */
    private static boolean text(String value, int max) {
        return value.length() <= max && value.chars().noneMatch(c -> c == '\\' || (c < 0x20 && c != 0x1B));
    }

    /** At most five components and three component groups, each group at most 64 characters. */
    private static boolean personName(String value) {
        String[] groups = value.split("=", -1);
        if (groups.length > 3) return false;
        for (String g : groups) {
            if (g.split("\\^", -1).length > 5 || !text(g, 64)) return false;
        }
        return true;
    }
}
