package org.mammoai.node.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Catalogs stored instances on one background thread, in the order they were stored. The spool file is durable
 * before the sender hears Success and is the record of what was acknowledged (start-up recovery catalogs what this
 * queue did not reach), so the catalog and queue writes need not hold up the association's next object; the
 * association's release waits for its own instances ({@link #awaitCataloged}), so a sender that has finished finds
 * them all in the catalog. What queued up meanwhile is cataloged as one batch (one transaction: on 2 cores a commit per
 * instance made this thread, not the disk, the limit of small-file ingest). A batch that fails is done again one
 * instance at a time; a write that fails (the database briefly away) is retried, in order, with growing pauses; after
 * {@code attempts} failures the instance is left to the next start's recovery so that it cannot hold up the rest.
 */
final class Cataloger {
    private static final Logger LOG = Logger.getLogger(Cataloger.class);

    /** An instance durable in the spool, to be cataloged. */
    record Pending(InstanceHeader header, Path file, long sizeBytes, String callingAeTitle, Instant receivedAt) {}

    /** At most this many instances per transaction: bounds the time a batch holds the catalog's lock. */
    static final int MAX_BATCH = 64;
    /**
     * How long a batch waits for more: one association sends a small object every 4-7 ms, and a batch's cost is mostly
     * per batch (measured, 400 small files on one association: batches of ~5 with 25 ms cost 1.8 ms per instance and
     * took 2.9-3.4 s, batches of ~20 with 100 ms 0.8 ms and 2.0-2.7 s). A released association cuts it short.
     */
    static final Duration LINGER = Duration.ofMillis(100);
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Catalogs these instances, all or none; throws when it could not, to be called again later. */
    interface Step {
        void catalog(List<Pending> batch);
    }

    private final Step step;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final int attempts;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long submitted;
    private long cataloged;
    private volatile int waiting; // callers in awaitCataloged: a batch then stops lingering
    private volatile boolean running = true;

    Cataloger(Step step, Duration firstRetry, Duration maxRetry, int attempts) {
        this.step = step;
        this.attempts = attempts;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        // started here, from the bean's creation at start-up, so it never belongs to an association's thread group
        this.thread = new Thread(this::run, "catalog-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an instance; returns its ticket for {@link #awaitCataloged}. */
    synchronized long submit(Pending pending) {
        queue.add(pending);
        return ++submitted;
    }

    /** Waits until the instance with this ticket and all before it are cataloged; false when the time ran out first. */
    synchronized boolean awaitCataloged(long ticket, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        waiting++;
        try {
            while (cataloged < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } finally {
            waiting--;
        }
    }

    /** Instances stored but not yet cataloged. */
    synchronized long backlog() {
        return submitted - cataloged;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) continue;
            List<Pending> batch = new ArrayList<>(List.of(next));
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                gatherMore(batch);
            } catch (InterruptedException e) {
                return;
            }
            if (!catalog(batch) && !running) return;
            synchronized (this) { // cataloged, or given up: either way no longer awaited
                cataloged += batch.size();
                notifyAll();
            }
        }
    }

    /**
     * Waits up to {@link #LINGER} for more instances to join the batch, in short steps, so that an association that has
     * released and waits for its instances is not kept waiting for the rest of it.
     */
    private void gatherMore(List<Pending> batch) throws InterruptedException {
        long end = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < MAX_BATCH && waiting == 0 && running) {
            long left = end - System.nanoTime();
            if (left <= 0) return;
            Pending more = queue.poll(Math.min(left, STEP_NANOS), TimeUnit.NANOSECONDS);
            if (more == null) continue;
            batch.add(more);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    /** @return false when stopped before all of the batch was cataloged or given up */
    private boolean catalog(List<Pending> batch) {
        if (batch.size() > 1) {
            try {
                step.catalog(batch);
                return true;
            } catch (RuntimeException e) { // one instance's failure must not hold up the others: each alone, with retries
                LOG.debugf("A batch of %d instances could not be cataloged (%s); cataloging them one at a time", batch.size(), e.getMessage());
            }
        }
        for (Pending pending : batch) {
            if (!catalogWithRetries(pending) && !running) return false;
        }
        return true;
    }

    /** @return false when given up or stopped before it succeeded (the next start's recovery catalogs it) */
    private boolean catalogWithRetries(Pending pending) {
        Duration delay = firstRetry;
        for (int attempt = 1; ; attempt++) {
            try {
                step.catalog(List.of(pending));
                return true;
            } catch (RuntimeException e) {
                boolean last = attempt >= attempts || !running;
                LOG.errorf("Could not catalog %s (durable in the spool; %s): %s", pending.header().sopInstanceUid(),
                        last ? "left for the recovery at the next start" : "retrying in " + delay.toMillis() + " ms", e.getMessage());
                if (last) return false;
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return false;
            }
            delay = delay.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : delay.multipliedBy(2);
        }
    }

    /** Catalogs what is queued, for at most that long; what is left is cataloged at the next start. */
    void stop(Duration max) throws InterruptedException {
        running = false;
        thread.join(max.toMillis());
        if (thread.isAlive()) {
            LOG.warnf("%d stored instance(s) not cataloged at shutdown; cataloged at the next start", backlog());
            thread.interrupt();
        }
    }
}
