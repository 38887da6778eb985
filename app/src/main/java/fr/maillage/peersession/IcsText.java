package fr.maillage.peersession;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.validate.ValidationException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a calendar as RFC 5545 text: CRLF line ends and content lines folded so that none is
 * longer than 75 octets (section 3.1). ical4j's {@link CalendarOutputter} folds at 73
 * <em>characters</em>, which is more than 75 octets once a line holds accented letters or emoji,
 * so it writes unfolded lines and we fold them here, never inside a UTF-8 sequence.
 */
final class IcsText {
    static final int MAX_OCTETS = 75;
    private static final int UNFOLDED = Integer.MAX_VALUE / 2;

    private IcsText() {
    }

    static String write(Calendar calendar) {
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false, UNFOLDED).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("calendar output", e);
        }
        return fold(out.toString());
    }

    /** Folds every content line to at most 75 octets; a continuation line starts with one space. */
    static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length() + text.length() / 64);
        for (String line : text.split("\r\n|\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int octets = 0;
            int i = 0;
            while (i < line.length()) {
                int codePoint = line.codePointAt(i);
                int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > MAX_OCTETS) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                i += Character.charCount(codePoint);
            }
            folded.append("\r\n");
        }
        return folded.toString();
    }
}
