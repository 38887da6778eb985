package fr.maillage.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

/**
 * Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): about 30-60 ms per
 * hash on our 2-core machines, slow enough to hurt guessing, fast enough for sign-in.
 */
@Singleton
public class Passwords {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    // Verified when the e-mail is unknown, so that both failures take the same time.
    private static final String DECOY = Password.hash("decoy-password-for-timing").addRandomSalt(16).with(ARGON2).getResult();

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean matches(String password, String hash) {
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    public void burnDecoy(String password) {
        matches(password, DECOY);
    }
}
