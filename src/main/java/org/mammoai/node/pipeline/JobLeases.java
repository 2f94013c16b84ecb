package org.mammoai.node.pipeline;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Leases for nodes sharing one database: this node renews the jobs it runs, and takes back to the queue the jobs
 * of a node that stopped renewing (killed, or cut off), so no image stays RUNNING forever.
 */
@ApplicationScoped
public class JobLeases {
    private static final Logger LOG = Logger.getLogger(JobLeases.class);

    private final JobQueue queue;
    private final PipelineSettings settings;

    public JobLeases(JobQueue queue, PipelineSettings settings) {
        this.queue = queue;
        this.settings = settings;
    }

    @Scheduled(every = "${mammo.pipeline.lease-renewal:20s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewAndReclaim() {
        queue.renewLeases();
        int reclaimed = queue.reclaimExpired(settings.lease());
        if (reclaimed > 0) LOG.warnf("Queued again %d job(s) whose node stopped renewing its lease (%s)", reclaimed, settings.lease());
    }
}
