package fr.maillage.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** maillage.identity.*: lifetimes of links and sessions, and login throttling. */
@ConfigurationProperties("maillage.identity")
public record IdentityConfig(
        Duration invitationTtl,
        Duration resetTtl,
        Duration sessionTtl,
        Duration sessionMaxLifetime,
        @Min(1) int loginMaxFailuresPerAccount,
        @Min(1) int loginMaxFailuresPerAddress,
        Duration loginWindow,
        Duration loginLockout) {
}
