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
        @Min(1) int loginFailuresPerPairBeforeDelay,
        @Min(1) int loginFailuresPerAddressBeforeDelay,
        Duration loginWindow,
        Duration loginFirstDelay,
        Duration loginMaxDelay) {

    /** One account from one address: a few typos are free, then each failure doubles the wait. */
    public fr.maillage.core.ratelimit.FailureCounter.Backoff pairBackoff() {
        return new fr.maillage.core.ratelimit.FailureCounter.Backoff(loginFailuresPerPairBeforeDelay, loginWindow,
                loginFirstDelay, loginMaxDelay);
    }

    /** One address across every account (password spraying): looser, the same growing wait. */
    public fr.maillage.core.ratelimit.FailureCounter.Backoff addressBackoff() {
        return new fr.maillage.core.ratelimit.FailureCounter.Backoff(loginFailuresPerAddressBeforeDelay, loginWindow,
                loginFirstDelay, loginMaxDelay);
    }
}
