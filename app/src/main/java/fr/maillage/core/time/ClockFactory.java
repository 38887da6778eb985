package fr.maillage.core.time;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one source of "now". Secondary: a test registers a clock it moves, and that one wins. */
@Factory
public class ClockFactory {
    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
