package fr.maillage.core.schedule;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs of scheduled jobs shared by every node. Each node's {@code @Scheduled} method asks
 * {@link #claim}; the conditional upsert on {@code scheduled_job_run} lets one node through
 * per interval, so a job due once runs once across nodes. Call it inside the job's
 * transaction: a job that fails rolls its claim back and is tried again at the next tick.
 */
@Singleton
public class ClusterJobs {
    private final JdbcOperations jdbc;
    private final Clock clock;

    ClusterJobs(JdbcOperations jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True when this node is the one to run {@code name} now (its last run is at least {@code interval} ago). */
    @Transactional
    public boolean claim(String name, Duration interval) {
        Instant now = clock.instant();
        // a tenth of slack: ticks of fixedDelay drift by the run's own duration
        Instant due = now.minus(interval.minus(interval.dividedBy(10)));
        return jdbc.prepareStatement("""
                INSERT INTO scheduled_job_run (name, last_run_at) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at
                WHERE scheduled_job_run.last_run_at <= ?""", ps -> {
            ps.setString(1, name);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(due));
            return ps.executeUpdate();
        }) == 1;
    }
}
