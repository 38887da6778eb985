package fr.maillage.notification;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * maillage.notification.*: how often the e-mail scheduler looks (urgent notices wait at most
 * that long, digests leave that long after their hour), the longest digest, and the key of
 * unsubscribe links (empty: one made once and kept in the database).
 */
@ConfigurationProperties("maillage.notification")
public record NotificationConfig(
        @Bindable(defaultValue = "50") @Min(1) @Max(500) int digestMaxItems,
        @Nullable String unsubscribeSecret) {
}
