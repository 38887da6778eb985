package fr.maillage.core.socket;

import java.util.Set;
import java.util.UUID;

/** Who has at least one open socket, on any node. */
public interface Presence {
    /** This node's first socket of the person opened. */
    void online(UUID userId);

    /** This node's last socket of the person closed; true when no node has them any more. */
    boolean offline(UUID userId);

    Set<UUID> onlineUsers();
}
