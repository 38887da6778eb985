package fr.maillage.core.socket;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/** maillage.live.*: the socket limits documented in docs/protocol.md. */
@ConfigurationProperties("maillage.live")
public record LiveConfig(
        @Bindable(defaultValue = "16384") @Min(1024) int maxFrameBytes,
        @Bindable(defaultValue = "20") @Min(1) int framesPerSecond,
        @Bindable(defaultValue = "1000") @Min(1) int maxReplay,
        @Bindable(defaultValue = "2000") @Min(10) int maxQueuedFrames,
        @Bindable(defaultValue = "75") @Min(1) int silenceSeconds) {
}
