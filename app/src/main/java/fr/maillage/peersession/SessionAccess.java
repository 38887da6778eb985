package fr.maillage.peersession;

import fr.maillage.core.socket.StreamAccess;
import fr.maillage.discussion.DiscussionAccess;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.List;

/**
 * The live stream of a theme's peer sessions, {@code sessions:<theme>}: whoever reads the theme
 * reads its sessions (a guest only those of the themes it was invited to).
 */
@Singleton
public class SessionAccess implements StreamAccess {
    static final String PREFIX = "sessions:";
    private final DiscussionAccess themes;

    SessionAccess(DiscussionAccess themes) {
        this.themes = themes;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public boolean canRead(UUID userId, String stream) {
        return canReadTheme(userId, stream.substring(PREFIX.length()));
    }

    boolean canReadTheme(UUID userId, String theme) {
        return themes.canReadTheme(userId, theme);
    }

    static String stream(String theme) {
        return PREFIX + theme;
    }
}
