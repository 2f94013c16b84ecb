package org.mammoai.node.pipeline;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.mammoai.node.store.InstanceStored;
import org.mammoai.node.store.InstancesStored;

/**
 * The worker pool: a dispatcher thread claims queued jobs while a worker is free and runs them off
 * the receive path, so a C-STORE response never waits for analysis. Woken by new instances, and
 * polls once a second for retries that came due.
 */
@ApplicationScoped
public class JobWorkers {
    private static final Logger LOG = Logger.getLogger(JobWorkers.class);

    private final JobQueue queue;
    private final ImageJob imageJob;
    private final StudyCompletion completion;
    private final PipelineSettings settings;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private ExecutorService workers;
    private Semaphore free;
    private Thread dispatcher;

    public JobWorkers(JobQueue queue, ImageJob imageJob, StudyCompletion completion, PipelineSettings settings) {
        this.queue = queue;
        this.imageJob = imageJob;
        this.completion = completion;
        this.settings = settings;
    }

    // after the DICOM listener's start-up recovery has re-cataloged spool files
    void start(@Observes @Priority(3000) StartupEvent event) {
        int requeued = queue.requeueInterrupted();
        int missing = queue.enqueueMissing();
        if (requeued + missing > 0) LOG.infof("Pipeline: %d interrupted job(s) requeued, %d stored image(s) queued", requeued, missing);
        free = new Semaphore(settings.workers());
        workers = Executors.newFixedThreadPool(settings.workers(), r -> new Thread(r, "analysis-worker"));
        running = true;
        dispatcher = new Thread(this::dispatch, "analysis-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Queues what was stored, in one transaction; an object no model here analyses is recorded SKIPPED at once: no
     * worker claims it, reads it or checks its study.
     */
    void onStored(@Observes InstancesStored stored) {
        Map<List<String>, Optional<String>> reasons = new HashMap<>(); // a batch is mostly one kind of object
        List<JobQueue.NewJob> jobs = new ArrayList<>(stored.instances().size());
        for (InstanceStored i : stored.instances()) {
            Optional<String> notAnalysed = reasons.computeIfAbsent(Arrays.asList(i.modality(), i.sopClassUid()),
                    k -> imageJob.notAnalysed(i.modality(), i.sopClassUid()));
            jobs.add(new JobQueue.NewJob(i.sopInstanceUid(), i.studyInstanceUid(),
                    notAnalysed.isPresent() ? JobState.SKIPPED : JobState.QUEUED, notAnalysed.orElse(null)));
        }
        queue.addAll(jobs);
        if (jobs.stream().anyMatch(j -> j.state() == JobState.QUEUED)) wake();
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void dispatch() {
        while (running) {
            try {
                free.acquire();
                Optional<AnalysisJob> job = running ? queue.claim() : Optional.empty();
                if (job.isEmpty()) {
                    free.release();
                    synchronized (wakeUp) {
                        wakeUp.wait(1000);
                    }
                    continue;
                }
                workers.execute(() -> {
                    try {
                        imageJob.run(job.get());
                        completion.check(job.get().studyInstanceUid);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Job %d crashed", job.get().id);
                    } finally {
                        free.release();
                        wake();
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // e.g. the database briefly unreachable: try again shortly
                LOG.errorf(e, "Cannot claim analysis jobs");
                free.release();
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (dispatcher == null) return;
        // woken, not interrupted: an interrupt during a claim would close the embedded database's file channel
        free.release();
        wake();
        dispatcher.join(5000);
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Analysis still running at shutdown; those jobs are requeued at the next start");
        }
    }
}
