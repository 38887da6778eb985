package fr.maillage.core.stream;

import fr.maillage.core.schedule.ClusterJobs;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the idempotency keys older than {@code maillage.idempotency.retention}. Every node
 * ticks; {@link ClusterJobs} lets one of them purge per {@code purge-interval}.
 */
@Singleton
public class IdempotencyPurge {
    static final String JOB = "idempotency-purge";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPurge.class);
    private final Idempotency idempotency;
    private final ClusterJobs jobs;
    private final IdempotencyConfig config;

    IdempotencyPurge(Idempotency idempotency, ClusterJobs jobs, IdempotencyConfig config) {
        this.idempotency = idempotency;
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(fixedDelay = "${maillage.idempotency.purge-interval:1h}", initialDelay = "${maillage.idempotency.purge-interval:1h}")
    void tick() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("idempotency purge failed error={}", e.getClass().getSimpleName());
        }
    }

    /** One pass: -1 when another node's run is recent enough, else the number of keys deleted. */
    @Transactional
    public int run() {
        if (!jobs.claim(JOB, config.purgeInterval())) {
            return -1;
        }
        int purged = idempotency.purgeExpired();
        LOG.info("idempotency keys purged count={}", purged);
        return purged;
    }
}
