package fr.maillage.core.security;

import java.util.Set;
import java.util.UUID;

/**
 * The people a guest may see: those of the themes and workspaces it was invited to, and
 * itself. Members, facilitators and administrators see everyone; a guest sees only its
 * circle, in people search, the directory, presence and presence frames alike. Implemented
 * by the directory, which knows the features' tables.
 */
public interface GuestCircle {
    /** The circle of {@code guestId}, itself included. */
    Set<UUID> of(UUID guestId);
}
