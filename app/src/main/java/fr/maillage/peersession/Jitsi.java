package fr.maillage.peersession;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jitsi Meet rooms: an unguessable name per occurrence (128 random bits), on the configured
 * instance; with JWT settings, a token for a self-hosted instance's token authentication.
 */
@Singleton
class Jitsi {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SessionConfig config;
    private final JsonMapper json;

    Jitsi(SessionConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
    }

    static String newRoomName() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "Maillage-" + HexFormat.of().formatHex(bytes);
    }

    String url(String room, String displayName, Instant now) {
        String base = config.jitsiBaseUrl().replaceAll("/+$", "");
        String url = base + "/" + room;
        if (!config.jwtEnabled()) {
            return url;
        }
        return url + "?jwt=" + token(room, displayName, now, URI.create(base).getHost());
    }

    /** HS256 token in the shape prosody's token authentication expects (aud, iss, sub, room). */
    private String token(String room, String displayName, Instant now, String host) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("aud", "jitsi");
        payload.put("iss", config.jitsiJwtAppId());
        payload.put("sub", host == null ? "*" : host);
        payload.put("room", room);
        payload.put("nbf", now.getEpochSecond() - 60);
        payload.put("exp", now.plus(config.jitsiJwtLifetime()).getEpochSecond());
        payload.put("context", Map.of("user", Map.of("name", displayName)));
        String signingInput = base64(write(Map.of("alg", "HS256", "typ", "JWT"))) + "." + base64(write(payload));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.jitsiJwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
