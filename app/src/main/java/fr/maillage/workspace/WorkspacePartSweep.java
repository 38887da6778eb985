package fr.maillage.workspace;

import fr.maillage.core.schedule.ClusterJobs;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps the parts of snapshots and large updates left unfinished for longer than
 * {@code maillage.workspace.upload-part-lifetime}. Every node ticks; {@link ClusterJobs} lets
 * one of them sweep per {@code upload-sweep-interval}.
 */
@Singleton
public class WorkspacePartSweep {
    static final String JOB = "workspace-upload-part-sweep";
    private static final Logger LOG = LoggerFactory.getLogger(WorkspacePartSweep.class);
    private final WorkspaceService workspaces;
    private final ClusterJobs jobs;
    private final WorkspaceConfig config;

    WorkspacePartSweep(WorkspaceService workspaces, ClusterJobs jobs, WorkspaceConfig config) {
        this.workspaces = workspaces;
        this.jobs = jobs;
        this.config = config;
    }

    @Scheduled(fixedDelay = "${maillage.workspace.upload-sweep-interval:1h}", initialDelay = "${maillage.workspace.upload-sweep-interval:1h}")
    void tick() {
        try {
            run();
        } catch (RuntimeException e) {
            LOG.warn("workspace upload part sweep failed error={}", e.getClass().getSimpleName());
        }
    }

    /** One pass: -1 when another node's run is recent enough, else the number of parts deleted. */
    @Transactional
    public int run() {
        if (!jobs.claim(JOB, config.uploadSweepInterval())) {
            return -1;
        }
        int swept = workspaces.sweepUnfinishedParts();
        LOG.info("unfinished workspace upload parts swept count={}", swept);
        return swept;
    }
}
