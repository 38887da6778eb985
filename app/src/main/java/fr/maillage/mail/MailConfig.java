package fr.maillage.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * maillage.mail.*: without an SMTP host, mail is kept in the outbox for administrators.
 * {@code lease} must exceed the SMTP timeouts (3 × 10 s): a sender still talking SMTP when its
 * lease ends is taken for dead.
 */
@ConfigurationProperties("maillage.mail")
public record MailConfig(String from, Smtp smtp,
                         @Bindable(defaultValue = "true") boolean worker,
                         @Bindable(defaultValue = "2m") Duration lease,
                         @Bindable(defaultValue = "8") @Min(1) int maxAttempts,
                         @Bindable(defaultValue = "30s") Duration retryBase) {
    @ConfigurationProperties("smtp")
    public record Smtp(@Nullable String host, int port, @Nullable String user, @Nullable String password, boolean starttls,
                       @Bindable(defaultValue = "10s") Duration timeout) {
    }

    public boolean smtpConfigured() {
        return smtp != null && smtp.host() != null && !smtp.host().isBlank();
    }
}
