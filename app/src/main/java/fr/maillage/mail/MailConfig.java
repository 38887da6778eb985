package fr.maillage.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** maillage.mail.*: without an SMTP host, mail is kept in the outbox for administrators. */
@ConfigurationProperties("maillage.mail")
public record MailConfig(String from, Smtp smtp) {
    @ConfigurationProperties("smtp")
    public record Smtp(@Nullable String host, int port, @Nullable String user, @Nullable String password, boolean starttls) {
    }

    public boolean smtpConfigured() {
        return smtp != null && smtp.host() != null && !smtp.host().isBlank();
    }
}
