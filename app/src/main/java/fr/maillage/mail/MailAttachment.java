package fr.maillage.mail;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * A small text file sent with an e-mail, such as a session's {@code .ics} invitation.
 * {@code contentType} is the full MIME type, parameters included (e.g.
 * {@code text/calendar; charset=UTF-8; method=REQUEST}).
 */
@Serdeable
public record MailAttachment(String filename, String contentType, String content) {
    public MailAttachment {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
