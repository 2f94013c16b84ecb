package org.mammoai.node.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** mammo.pipeline.*: analysis workers and study grouping. */
@ConfigMapping(prefix = "mammo.pipeline")
public interface PipelineSettings {
    /** Images analysed at once (each holds a decoded image and a model call; ~1-2 GB for large mammograms). */
    @WithDefault("2")
    int workers();

    /** A study without all four mammography views is released this long after its last image arrived. */
    @WithDefault("2m")
    Duration quietTime();

    /** Attempts for unexpected (not image-caused) failures, e.g. out of memory, before a job is FAILED. */
    @WithDefault("3")
    int maxAttempts();

    @WithDefault("30s")
    Duration retryDelay();

    /** Names this node among nodes sharing one database; default: the host name. */
    Optional<String> nodeId();

    /**
     * A RUNNING job whose node has not renewed it for this long (a node killed, or cut off from the shared database)
     * is queued again for any node.
     */
    @WithDefault("90s")
    Duration lease();

    /** How often this node renews its leases and looks for expired ones (read by JobLeases' schedule). */
    @WithDefault("20s")
    Duration leaseRenewal();

    /** How often studies waiting for their quiet time are checked. */
    @WithDefault("5s")
    Duration completionCheck();
}
