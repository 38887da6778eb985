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
        @Bindable(defaultValue = "75") @Min(1) int silenceSeconds,
        /** Threads handling sockets' frames (commands wait on the database there). */
        @Bindable(defaultValue = "16") @Min(1) int socketWorkers,
        /** Threads signing new sockets in, apart from the workers so that sockets still open when those are busy. */
        @Bindable(defaultValue = "4") @Min(1) int socketOpeners,
        /** Threads delivering events to subscribers (0: twice the processors, at least 4). */
        @Bindable(defaultValue = "0") @Min(0) int hubThreads,
        /** A stream nobody on this node has subscribed to for this long is forgotten by the hub. */
        @Bindable(defaultValue = "10m") java.time.Duration channelIdle) {

    int hubThreadCount() {
        return hubThreads > 0 ? hubThreads : Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }
}
