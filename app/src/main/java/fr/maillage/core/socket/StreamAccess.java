package fr.maillage.core.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Implemented by each feature that owns streams: who may read which stream. The hub asks on
 * subscribe and again when someone's access changes; it never widens the audience.
 */
public interface StreamAccess {
    /**
     * The beginnings of the stream names this feature owns ("theme:", or a whole name such as
     * "moderation"). No two features may claim overlapping beginnings: the hub refuses to start.
     */
    List<String> prefixes();

    /** True when this feature owns streams named like this one. */
    default boolean owns(String stream) {
        for (String prefix : prefixes()) {
            if (stream.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** True when the stream exists and this person may read it. */
    boolean canRead(UUID userId, String stream);

    /**
     * Refuses owners whose prefixes overlap (one begins with another's), which would make the
     * owner of a stream depend on the order the beans were found in.
     */
    static void requireDisjoint(List<? extends StreamAccess> owners) {
        List<String> clashes = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            for (int j = i + 1; j < owners.size(); j++) {
                for (String a : owners.get(i).prefixes()) {
                    for (String b : owners.get(j).prefixes()) {
                        if (a.startsWith(b) || b.startsWith(a)) {
                            clashes.add("\"" + a + "\" (" + name(owners.get(i)) + ") and \"" + b + "\" (" + name(owners.get(j)) + ")");
                        }
                    }
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new IllegalStateException("stream prefixes overlap: " + String.join(", ", clashes));
        }
    }

    private static String name(StreamAccess owner) {
        return owner.getClass().getSimpleName().replaceAll("\\$.*", "");
    }
}
