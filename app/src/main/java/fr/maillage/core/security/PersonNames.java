package fr.maillage.core.security;

import java.util.UUID;

/** Display names for live frames (typing); implemented by identity. */
public interface PersonNames {
    String displayName(UUID userId);
}
