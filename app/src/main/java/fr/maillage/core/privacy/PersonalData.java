package fr.maillage.core.privacy;

import java.time.Instant;
import java.util.UUID;

/**
 * What one feature keeps about a person, for the person's rights (docs/privacy.md): each
 * feature that stores personal data provides one bean. Identity runs every {@link #erase} in
 * the one transaction that deletes an account, before it anonymises the account's row; the
 * privacy feature's export asks every {@link #export}. core never imports a feature: features
 * implement this.
 */
public interface PersonalData {
    /**
     * Deletes or anonymises what this feature keeps about the person, inside the deleting
     * transaction (rows only; files are removed after commit by the feature itself).
     */
    void erase(Erasure erasure);

    /** Writes what this feature keeps about the person into the export. */
    default void export(ExportWriter export) throws java.io.IOException {
    }

    /**
     * One account deletion. {@code heir} is the administrator who takes over what cannot stay
     * with nobody (workspaces the person alone could manage); {@code deletePosts} is the
     * person's choice: their posts and messages are tombstoned instead of kept under
     * "Ancien membre".
     */
    record Erasure(UUID userId, String email, boolean deletePosts, UUID heir, Instant at) {
    }
}
