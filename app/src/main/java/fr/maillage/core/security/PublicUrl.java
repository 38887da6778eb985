package fr.maillage.core.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.URI;

/** The address people use to reach Maillage: links in e-mails, the allowed Origin, cookie security. */
@Singleton
public class PublicUrl {
    private final String base;
    private final String origin;
    private final boolean secure;

    public PublicUrl(@Value("${maillage.public-url}") String publicUrl) {
        String trimmed = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("maillage.public-url must be an absolute http(s) URL: " + publicUrl);
        }
        this.base = trimmed;
        this.origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        this.secure = "https".equals(uri.getScheme());
    }

    public String link(String path) {
        return base + path;
    }

    public String origin() {
        return origin;
    }

    public boolean secure() {
        return secure;
    }
}
