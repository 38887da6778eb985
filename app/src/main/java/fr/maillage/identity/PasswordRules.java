package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password may not be (issue 14), beyond its length (10 to 200, on the commands):
 * the person's own e-mail or name, one character repeated, or one of 49,233 common passwords
 * (resource {@code identity/common-passwords.txt}, from zxcvbn-ts, MIT), also when followed by
 * digits or symbols ("azertyuiop2024!"). Applied wherever a password is set: invitation,
 * reset, change. Each refusal is a 400 validation problem whose violation message starts with
 * a stable code ({@code password.common}, {@code password.personal}, {@code password.repeated})
 * that the web client translates.
 */
@Singleton
public class PasswordRules {
    private static final Set<String> COMMON = load();

    /** Refuses the password with a 400 problem on {@code field}; {@code email} and {@code name} may be null. */
    public void check(String field, String password, String email, String name) {
        String folded = fold(password);
        if (folded.codePoints().distinct().count() <= 1) {
            throw ProblemException.invalid(field, "password.repeated: is one character repeated");
        }
        String compact = folded.replaceAll("[\\s._-]", "");
        if (personal(compact, email == null ? null : email.substring(0, Math.max(0, email.indexOf('@'))))
                || personal(compact, email) || personal(compact, name)) {
            throw ProblemException.invalid(field, "password.personal: contains your e-mail or your name");
        }
        String stem = folded.replaceAll("[\\d\\p{Punct}\\s]+$", "");
        if (COMMON.contains(folded) || COMMON.contains(compact) || (stem.length() >= 4 && COMMON.contains(stem))) {
            throw ProblemException.invalid(field, "password.common: is one of the most common passwords");
        }
    }

    private static boolean personal(String compactPassword, String value) {
        if (value == null) {
            return false;
        }
        String compactValue = fold(value).replaceAll("[\\s._-]", "");
        return compactValue.length() >= 4 && (compactPassword.contains(compactValue)
                || compactPassword.replaceAll("[\\d\\p{Punct}]+$", "").equals(compactValue));
    }

    private static String fold(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).strip();
    }

    private static Set<String> load() {
        Set<String> set = new HashSet<>(65_536);
        try (InputStream in = PasswordRules.class.getResourceAsStream("/identity/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("identity/common-passwords.txt is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    set.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return set;
    }
}
