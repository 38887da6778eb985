package fr.maillage.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * maillage.mail.inbound.*: the mailbox replies by e-mail arrive in, read over IMAP. Without a
 * host or a reply address the feature is off: e-mails say "reply in Maillage".
 * {@code address} is the mailbox's address; each e-mail's Reply-To is
 * {@code local+<token>@domain} (the mailbox must receive sub-addresses).
 */
@ConfigurationProperties("maillage.mail.inbound")
public record InboundMailConfig(@Nullable String host,
                                @Bindable(defaultValue = "993") int port,
                                @Nullable String user,
                                @Nullable String password,
                                @Bindable(defaultValue = "INBOX") String folder,
                                @Bindable(defaultValue = "true") boolean ssl,
                                @Nullable String address,
                                @Bindable(defaultValue = "30d") Duration replyLifetime,
                                @Bindable(defaultValue = "7d") Duration keepRaw,
                                @Bindable(defaultValue = "1m") Duration pollInterval,
                                @Bindable(defaultValue = "true") boolean idle) {
    public boolean configured() {
        return host != null && !host.isBlank() && address != null && address.contains("@");
    }
}
