package fr.maillage.notification;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Unsubscribe links that work without signing in: {@code <person>.<list>.<HMAC-SHA256>}. The
 * signature binds the person and the list, so a link unsubscribes only that person from only
 * that list, and nobody can forge one for someone else.
 */
@Singleton
public class UnsubscribeTokens {
    public static final String DIGEST = "digest";
    public static final String URGENT = "urgent";

    private final JdbcOperations jdbc;
    private final NotificationConfig config;
    private volatile byte[] key;

    UnsubscribeTokens(JdbcOperations jdbc, NotificationConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    public record Subscription(UUID userId, String list) {
    }

    public String token(UUID userId, String list) {
        String payload = userId + "." + list;
        return payload + "." + sign(payload);
    }

    public Optional<Subscription> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3 || !(DIGEST.equals(parts[1]) || URGENT.equals(parts[1]))) {
            return Optional.empty();
        }
        UUID userId;
        try {
            userId = UUID.fromString(parts[0]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String expected = sign(parts[0] + "." + parts[1]);
        boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII));
        return ok ? Optional.of(new Subscription(userId, parts[1])) : Optional.empty();
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] key() {
        if (key == null) {
            String configured = config.unsubscribeSecret();
            key = (configured != null && !configured.isBlank() ? configured : storedSecret()).getBytes(StandardCharsets.UTF_8);
        }
        return key;
    }

    /** Called inside the caller's transaction (the mailer's, the unsubscribe service's). */
    private String storedSecret() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.prepareStatement("INSERT INTO notification_secret (name, value) VALUES ('unsubscribe', ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, Base64.getEncoder().encodeToString(fresh));
            return ps.executeUpdate();
        });
        return jdbc.prepareStatement("SELECT value FROM notification_secret WHERE name = 'unsubscribe'", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
