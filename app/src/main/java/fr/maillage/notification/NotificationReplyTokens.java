package fr.maillage.notification;

import fr.maillage.mail.InboundMailConfig;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-recipient, per-item reply addresses: {@code local+<id>-<signature>@domain}. The id is 80
 * random bits (never guessable), the signature an HMAC of it with the unsubscribe key (a forged
 * id is refused without a lookup); the row names the person, what a reply answers, and when it
 * expires. Lower-case base32 only, as some mail servers lower-case local parts.
 */
@Singleton
public class NotificationReplyTokens {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationReplyTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final JdbcOperations jdbc;
    private final InboundMailConfig config;
    private final UnsubscribeTokens keys;
    private final Clock clock;

    NotificationReplyTokens(JdbcOperations jdbc, InboundMailConfig config, UnsubscribeTokens keys, Clock clock) {
        this.jdbc = jdbc;
        this.config = config;
        this.keys = keys;
        this.clock = clock;
    }

    public record Grant(UUID userId, String replyKind, UUID target) {
    }

    public boolean enabled() {
        return config.configured();
    }

    /** A new reply address for this person and item, in the caller's transaction; empty when replies by e-mail are off. */
    public Optional<String> address(UUID userId, String replyKind, UUID target) {
        if (!enabled()) {
            return Optional.empty();
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        String id = base32(random);
        Instant now = clock.instant();
        jdbc.prepareStatement("INSERT INTO notification_reply_address (id, user_id, reply_kind, target, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, id);
            ps.setObject(2, userId);
            ps.setString(3, replyKind);
            ps.setObject(4, target);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now.plus(config.replyLifetime())));
            return ps.executeUpdate();
        });
        String address = config.address();
        int at = address.indexOf('@');
        return Optional.of(address.substring(0, at) + "+" + id + "-" + sign(id) + address.substring(at));
    }

    /** The token of a reply address ({@code local+token@domain}), if the address is ours. */
    public Optional<String> tokenOf(String recipient) {
        if (!enabled() || recipient == null) {
            return Optional.empty();
        }
        String address = config.address().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        Matcher m = Pattern.compile(Pattern.quote(address.substring(0, at)) + "\\+([a-z2-7]+-[a-z2-7]+)" + Pattern.quote(address.substring(at)))
                .matcher(recipient.toLowerCase(Locale.ROOT).trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The grant of a valid token: well signed, known, not expired, not revoked. */
    public Optional<Grant> verify(String token) {
        int dash = token.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String id = token.substring(0, dash);
        if (!MessageDigest.isEqual(sign(id).getBytes(StandardCharsets.US_ASCII), token.substring(dash + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return jdbc.prepareStatement("SELECT user_id, reply_kind, target FROM notification_reply_address "
                + "WHERE id = ? AND revoked_at IS NULL AND expires_at > ?", ps -> {
            ps.setString(1, id);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Grant(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class)))
                        : Optional.<Grant>empty();
            }
        });
    }

    /**
     * Every reply address handed to this person stops working: to call when their sessions are
     * ended (signed out everywhere, password changed, deactivated). Joins the caller's transaction.
     */
    @Transactional
    public int revokeFor(UUID userId) {
        int revoked = jdbc.prepareStatement("UPDATE notification_reply_address SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setObject(2, userId);
            return ps.executeUpdate();
        });
        LOG.info("reply addresses revoked userId={} count={}", userId, revoked);
        return revoked;
    }

    private String sign(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.key(), "HmacSHA256"));
            byte[] full = mac.doFinal(("reply." + id).getBytes(StandardCharsets.UTF_8));
            byte[] shortened = new byte[10];
            System.arraycopy(full, 0, shortened, 0, shortened.length);
            return base32(shortened);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
