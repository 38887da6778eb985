package fr.maillage.core.web;

import fr.maillage.core.error.ProblemException;

/**
 * Names and titles shown to others (display names, thread and series titles): no control
 * characters, no bidirectional overrides or isolates (they let "gpj.exe" read as "exe.jpg"
 * or reorder a name), and not made only of invisible characters (issue 14). One rule for
 * every feature; the violation message starts with a stable code the client translates.
 */
public final class DisplayText {
    private DisplayText() {
    }

    /** The text stripped, or a 400 problem on {@code field}. */
    public static String require(String field, String value) {
        String text = value == null ? "" : value.strip();
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.CONTROL) {
                throw ProblemException.invalid(field, "text.control: contains a control character");
            }
            if (bidiControl(c)) {
                throw ProblemException.invalid(field, "text.bidi: contains a bidirectional override");
            }
            if (!invisible(c)) {
                visible = true;
            }
        }
        if (!visible) {
            throw ProblemException.invalid(field, "text.invisible: must contain a visible character");
        }
        return text;
    }

    private static boolean bidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.FORMAT
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800 || c == 0x180E;
    }
}
