package fr.maillage.core.stream;

import fr.maillage.core.schedule.ClusterJobs;
import fr.maillage.core.socket.LiveConfig;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Deletes the stored events no client can be replayed any more. A subscriber more than
 * {@code maillage.live.max-replay} events behind its stream gets {@code resync}, never a
 * replay, so an event that far behind its stream's last sequence is dead weight; it is kept
 * {@code maillage.stream.min-age} more as a margin (a channel catching up reads at most what
 * it missed since its cursor, which the hub brings to the committed sequence first). Every
 * node ticks; {@link ClusterJobs} lets one of them purge per interval.
 */
@Singleton
public class StreamEventPurge {
    static final String JOB = "stream-event-purge";
    private static final Logger LOG = LoggerFactory.getLogger(StreamEventPurge.class);
    private final JdbcOperations jdbc;
    private final ClusterJobs jobs;
    private final LiveConfig live;
    private final StreamRetentionConfig config;
    private final Clock clock;

    StreamEventPurge(JdbcOperations jdbc, ClusterJobs jobs, LiveConfig live, StreamRetentionConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.live = live;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${maillage.stream.purge-interval:1h}", initialDelay = "${maillage.stream.purge-interval:1h}")
    void tick() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("stream event purge failed error={}", e.getClass().getSimpleName());
        }
    }

    /** One pass: -1 when another node's run is recent enough, else the number of events deleted. */
    @Transactional
    public int run() {
        if (!jobs.claim(JOB, config.purgeInterval())) {
            return -1;
        }
        int purged = jdbc.prepareStatement("""
                DELETE FROM stream_event e USING stream s
                WHERE e.stream_id = s.id AND e.seq <= s.last_seq - ? AND e.created_at < ?""", ps -> {
            ps.setLong(1, live.maxReplay());
            ps.setTimestamp(2, Timestamp.from(clock.instant().minus(config.minAge())));
            return ps.executeUpdate();
        });
        LOG.info("stream events purged count={}", purged);
        return purged;
    }
}
