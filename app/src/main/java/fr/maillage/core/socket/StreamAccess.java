package fr.maillage.core.socket;

import java.util.UUID;

/**
 * Implemented by each feature that owns streams: who may read which stream. The hub asks on
 * subscribe and again when someone's access changes; it never widens the audience.
 */
public interface StreamAccess {
    /** True when this feature owns streams named like this one (e.g. "theme:…"). */
    boolean owns(String stream);

    /** True when the stream exists and this person may read it. */
    boolean canRead(UUID userId, String stream);
}
