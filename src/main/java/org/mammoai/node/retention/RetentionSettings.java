package org.mammoai.node.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** mammo.retention.*: when a study's images and results are deleted from this node (the PACS keeps them). */
@ConfigMapping(prefix = "mammo.retention")
public interface RetentionSettings {
    /**
     * A study is deleted this long after its last image arrived, once all its analyses have ended and every result was
     * acknowledged by its destinations (e.g. 30d); unset: studies are kept until deleted by hand.
     */
    Optional<Duration> keep();

    /** How often old studies are looked for (read by RetentionSweep's schedule). */
    @WithDefault("1h")
    Duration check();

    /** Studies deleted per check at most, so one check stays short; the rest wait for the next. */
    @WithDefault("500")
    int maxStudiesPerCheck();
}
