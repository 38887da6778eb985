package fr.maillage.core.stream;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One stored event of a stream; {@code payload} is the event's JSON object (with its type). */
@Serdeable
public record StreamEvent(String stream, long seq, String type, String payload, Instant createdAt) {
}
