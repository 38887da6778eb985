package fr.maillage.privacy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * maillage.privacy.*: how long a ready export waits to be downloaded, how many a person may
 * ask a day, and the largest ZIP built (docs/privacy.md, README).
 */
@ConfigurationProperties("maillage.privacy")
public record PrivacyConfig(
        @Bindable(defaultValue = "24h") @NotNull Duration exportTtl,
        @Bindable(defaultValue = "3") @Min(1) int exportsPerDay,
        @Bindable(defaultValue = "536870912") @Min(1024) long maxExportBytes) {
}
