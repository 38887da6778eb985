package fr.maillage.core.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * maillage.stream.*: stored events a client can no longer be replayed (more than
 * maillage.live.max-replay behind their stream: it gets resync) are purged once older than
 * {@code minAge}, every {@code purgeInterval}.
 */
@ConfigurationProperties("maillage.stream")
public record StreamRetentionConfig(
        @Bindable(defaultValue = "1d") @NotNull Duration minAge,
        @Bindable(defaultValue = "1h") @NotNull Duration purgeInterval) {
}
