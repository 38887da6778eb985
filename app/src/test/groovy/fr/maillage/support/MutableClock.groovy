package fr.maillage.support

import java.time.Clock
import java.time.Duration
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset

/** A clock the spec moves by hand: anything scheduled or expiring is tested without sleeping. */
class MutableClock extends Clock {
    private volatile Instant now

    MutableClock(Instant start = Instant.parse('2026-11-23T09:00:00Z')) {
        this.now = start
    }

    void advance(Duration duration) { now = now.plus(duration) }

    void set(Instant instant) { now = instant }

    @Override
    ZoneId getZone() { ZoneOffset.UTC }

    @Override
    Clock withZone(ZoneId zone) { this }

    @Override
    Instant instant() { now }
}
