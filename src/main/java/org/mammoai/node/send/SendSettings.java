package org.mammoai.node.send;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** mammo.send.*: how hard we try to deliver results. */
@ConfigMapping(prefix = "mammo.send")
public interface SendSettings {
    /** Wait after the first failure; doubles each time up to {@link #maxBackoff()}. */
    @WithDefault("10s")
    Duration initialBackoff();

    @WithDefault("10m")
    Duration maxBackoff();

    /** After this many failed attempts a delivery is DEAD until resent by hand. */
    @WithDefault("12")
    int maxAttempts();

    /** A destination silent this long (nothing sent or received) has its association cut; the delivery is retried. */
    @WithDefault("60s")
    Duration idleTimeout();

    /** How often due deliveries are looked for. */
    @WithDefault("1s")
    Duration poll();
}
