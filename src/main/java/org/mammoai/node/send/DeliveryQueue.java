package org.mammoai.node.send;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.mammoai.node.common.EnumColumns;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.NodeConfigStore;
import org.jboss.logging.Logger;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.results.ResultsReplaced;

/** Deliveries in the database: scheduling per destination, outcomes with backoff, dead letters, resends. */
@ApplicationScoped
public class DeliveryQueue {
    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);

    private final NodeConfigStore configs;
    private final SendSettings settings;
    private final ResultCatalog results;

    public DeliveryQueue(NodeConfigStore configs, SendSettings settings, ResultCatalog results) {
        this.configs = configs;
        this.settings = settings;
        this.results = results;
    }

    // before start-up work writes a delivery (see EnumColumns)
    void keepEnumColumnOpen(@Observes @Priority(1000) StartupEvent event) {
        EnumColumns.keepOpen("delivery", "state");
    }

    /**
     * An image was analysed again: deliveries of its earlier results that did not go out (pending or dead) are dropped,
     * so a destination gets the new results and not also the old. Sent ones stay as the record of what was sent.
     */
    void onResultsReplaced(@Observes ResultsReplaced replaced) {
        long dropped = Delivery.delete("sopInstanceUid in ?1 and state <> ?2", replaced.sopInstanceUids(), DeliveryState.SENT);
        if (dropped > 0) LOG.infof("Dropped %d unsent deliveries of replaced results of study %s", dropped, replaced.studyInstanceUid());
    }

    /** One delivery per destination that wants this result type; call inside a transaction. Returns how many. */
    public int schedule(ResultInstance result) {
        int n = 0;
        for (Destination d : configs.current().destinations()) {
            if (!d.wants(result.type)) continue;
            if (Delivery.count("sopInstanceUid = ?1 and destination = ?2", result.sopInstanceUid, d.name()) > 0) continue;
            Delivery delivery = new Delivery();
            delivery.sopInstanceUid = result.sopInstanceUid;
            delivery.sopClassUid = result.sopClassUid;
            delivery.resultType = result.type.name();
            delivery.studyInstanceUid = result.studyInstanceUid;
            delivery.filePath = result.filePath;
            delivery.destination = d.name();
            delivery.state = DeliveryState.PENDING;
            delivery.nextAttemptAt = Instant.now();
            delivery.persist();
            n++;
        }
        return n;
    }

    /**
     * Deletes the study's deliveries for retention when every one to a configured destination was acknowledged (SENT);
     * false (nothing deleted) while one is pending or dead: its result has not reached its destination. A destination
     * taken out of the configuration is owed nothing. Joins the caller's transaction.
     */
    public boolean removeDeliveredStudy(String studyUid) {
        List<Delivery> deliveries = Delivery.find("studyInstanceUid", studyUid).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        Set<String> configured = configs.current().destinations().stream().map(Destination::name).collect(Collectors.toSet());
        if (deliveries.stream().anyMatch(d -> d.state != DeliveryState.SENT && configured.contains(d.destination))) return false;
        deliveries.forEach(Delivery::delete);
        return true;
    }

    public List<Delivery> due(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>find(
                "state = ?1 and nextAttemptAt <= ?2 order by id", DeliveryState.PENDING, Instant.now()).page(0, limit).list());
    }

    /** @param sendMs how long the association that carried it took */
    public void sent(long id, long sendMs) {
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery d = Delivery.findById(id);
            if (d == null) return; // dropped while it was being sent (its result was replaced)
            d.attempts++;
            d.state = DeliveryState.SENT;
            d.sentAt = Instant.now();
            d.sendMs = sendMs;
            d.lastError = null;
        });
    }

    /** Backs off exponentially; after the last attempt the delivery is dead until resent. Null when it was dropped meanwhile. */
    public DeliveryState failed(long id, String error) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Delivery d = Delivery.findById(id);
            if (d == null) return null; // dropped while it was being sent (its result was replaced)
            d.attempts++;
            d.lastError = error.length() > 2000 ? error.substring(0, 2000) : error;
            if (d.attempts >= settings.maxAttempts()) {
                d.state = DeliveryState.DEAD;
            } else {
                d.nextAttemptAt = Instant.now().plus(backoff(d.attempts));
            }
            return d.state;
        });
    }

    Duration backoff(int failures) {
        Duration wait = settings.initialBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /** Back to PENDING now with a fresh attempt budget (a dead letter, or a sent object the PACS lost). */
    public boolean resend(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Delivery d = Delivery.findById(id);
            if (d == null) return false;
            reset(d);
            return true;
        });
    }

    /** What became of a request to discard a delivery, and which it was (for the audit log; no patient data). */
    public record Discarded(Outcome outcome, String delivery) {
        public enum Outcome { DISCARDED, NOT_FOUND, NOT_DEAD }
    }

    /**
     * Gives up a dead letter (a destination that will never take this object): its row is deleted, so it no longer
     * counts as dead or keeps its study from retention; the caller writes who did it to the audit log. Only a DEAD
     * delivery: a pending one is still being tried, a sent one is the record that it arrived.
     */
    public Discarded discard(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Delivery d = Delivery.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (d == null) return new Discarded(Discarded.Outcome.NOT_FOUND, "delivery " + id);
            String delivery = "delivery " + id + " (" + d.resultType + " " + d.sopInstanceUid + " to " + d.destination + ")";
            if (d.state != DeliveryState.DEAD) return new Discarded(Discarded.Outcome.NOT_DEAD, delivery);
            d.delete();
            return new Discarded(Discarded.Outcome.DISCARDED, delivery);
        });
    }

    /** Resends every delivery of a study's current results (not those of results a reanalysis replaced); returns how many. */
    public int resendStudy(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Delivery> all = Delivery.list("studyInstanceUid", studyUid);
            Set<String> current = results.current(all.stream().map(d -> d.sopInstanceUid).toList());
            List<Delivery> resent = all.stream().filter(d -> current.contains(d.sopInstanceUid)).toList();
            resent.forEach(DeliveryQueue::reset);
            return resent.size();
        });
    }

    private static void reset(Delivery d) {
        d.state = DeliveryState.PENDING;
        d.attempts = 0;
        d.nextAttemptAt = Instant.now();
    }

    /** Deliveries sent since then, dead now, and waiting now, for the dashboard. */
    public record Counts(long sentSince, long dead, long pending) {}

    public Counts counts(java.time.Instant since) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> new Counts(
                Delivery.count("state = ?1 and sentAt >= ?2", DeliveryState.SENT, since),
                Delivery.count("state", DeliveryState.DEAD), Delivery.count("state", DeliveryState.PENDING)));
    }
}
