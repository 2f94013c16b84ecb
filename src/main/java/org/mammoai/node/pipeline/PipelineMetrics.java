package org.mammoai.node.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The analysis at /q/metrics: time per stage as histograms (mammo.analysis.stage{stage=read|analyse|write|total}, the
 * analysis's steps stage=decode|preprocess|infer|postprocess; sending: mammo.send.time), and the jobs in each state.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PipelineMetrics {
    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (JobState state : JobState.values()) {
            registry.gauge("mammo.jobs", Tags.of("state", state.name().toLowerCase()), state,
                    s -> QuarkusTransaction.requiringNew().call(() -> (double) AnalysisJob.count("state", s)));
        }
    }

    public void stage(String stage, long nanos) {
        Timer.builder("mammo.analysis.stage").tag("stage", stage).publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(nanos));
    }
}
