package org.mammoai.node.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Catalogs stored instances on one background thread, in the order they were stored. The spool file is durable
 * before the sender hears Success and is the record of what was acknowledged (start-up recovery catalogs what this
 * queue did not reach), so the catalog and queue writes need not hold up the association's next object; the
 * association's release waits for its own instances ({@link #awaitCataloged}), so a sender that has finished finds
 * them all in the catalog. A write that fails (the database briefly away) is retried, in order, with growing pauses;
 * after {@code attempts} failures the instance is left to the next start's recovery so that it cannot hold up the rest.
 */
final class Cataloger {
    private static final Logger LOG = Logger.getLogger(Cataloger.class);

    /** An instance durable in the spool, to be cataloged. */
    record Pending(InstanceHeader header, Path file, long sizeBytes, String callingAeTitle, Instant receivedAt) {}

    /** Catalogs one instance; throws when it could not, to be called again later with the same instance. */
    interface Step {
        void catalog(Pending pending);
    }

    private final Step step;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final int attempts;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long submitted;
    private long cataloged;
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
        while (cataloged < ticket) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
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
            if (!catalogWithRetries(next) && !running) return;
            synchronized (this) { // cataloged, or given up: either way no longer awaited
                cataloged++;
                notifyAll();
            }
        }
    }

    /** @return false when given up or stopped before it succeeded (the next start's recovery catalogs it) */
    private boolean catalogWithRetries(Pending pending) {
        Duration delay = firstRetry;
        for (int attempt = 1; ; attempt++) {
            try {
                step.catalog(pending);
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
