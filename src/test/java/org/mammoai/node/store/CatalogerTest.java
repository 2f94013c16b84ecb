package org.mammoai.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Acknowledged instances reach the catalog in order, through failures, and a bad one cannot hold up the rest. */
class CatalogerTest {
    private static final Duration QUICK = Duration.ofMillis(10);

    @Test
    void aWriteThatFailsIsRetriedAndTheNextWaitsForIt() throws Exception {
        List<String> cataloged = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Cataloger cataloger = new Cataloger(p -> {
            if (p.header().sopInstanceUid().equals("1.1") && failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("database away");
            cataloged.add(p.header().sopInstanceUid());
        }, QUICK, QUICK, 5);
        try {
            cataloger.submit(pending("1.1"));
            long second = cataloger.submit(pending("1.2"));
            assertThat(cataloger.awaitCataloged(second, Duration.ofSeconds(10))).isTrue();
            assertThat(cataloged).containsExactly("1.1", "1.2");
            assertThat(failuresLeft.get()).as("failed twice before it succeeded").isNegative();
            assertThat(cataloger.backlog()).isZero();
        } finally {
            cataloger.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void anInstanceThatNeverCatalogsIsLeftForRecoveryAndTheRestGoOn() throws Exception {
        Map<String, Integer> tries = new ConcurrentHashMap<>();
        List<String> cataloged = new CopyOnWriteArrayList<>();
        Cataloger cataloger = new Cataloger(p -> {
            tries.merge(p.header().sopInstanceUid(), 1, Integer::sum);
            if (p.header().sopInstanceUid().equals("2.1")) throw new IllegalStateException("always fails");
            cataloged.add(p.header().sopInstanceUid());
        }, QUICK, QUICK, 3);
        try {
            cataloger.submit(pending("2.1"));
            long next = cataloger.submit(pending("2.2"));
            assertThat(cataloger.awaitCataloged(next, Duration.ofSeconds(10))).isTrue();
            assertThat(tries.get("2.1")).isEqualTo(3);
            assertThat(cataloged).containsExactly("2.2");
        } finally {
            cataloger.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void waitingEndsAfterItsTimeWhileTheCatalogIsStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        Cataloger cataloger = new Cataloger(p -> {
            try {
                stuck.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, QUICK, QUICK, 3);
        try {
            long ticket = cataloger.submit(pending("3.1"));
            assertThat(cataloger.awaitCataloged(ticket, Duration.ofMillis(300))).isFalse();
            assertThat(cataloger.backlog()).isEqualTo(1);
            stuck.countDown();
            assertThat(cataloger.awaitCataloged(ticket, Duration.ofSeconds(10))).isTrue();
        } finally {
            cataloger.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void stoppingCatalogsWhatIsQueuedFirst() throws Exception {
        List<String> cataloged = new CopyOnWriteArrayList<>();
        Cataloger cataloger = new Cataloger(p -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            cataloged.add(p.header().sopInstanceUid());
        }, QUICK, QUICK, 3);
        for (int i = 1; i <= 5; i++) cataloger.submit(pending("4." + i));
        cataloger.stop(Duration.ofSeconds(10));
        assertThat(cataloged).containsExactly("4.1", "4.2", "4.3", "4.4", "4.5");
        assertThat(cataloger.backlog()).isZero();
    }

    private static Cataloger.Pending pending(String sopInstanceUid) {
        InstanceHeader header = new InstanceHeader(null, null, null, null, "9.9", null, null, null, null, "9.9.1", "MG", null, null,
                sopInstanceUid, "1.2.840.10008.5.1.4.1.1.1.2", null, null, null, null, 1, 1, null, null, 16, 1);
        return new Cataloger.Pending(header, Path.of("/nonexistent", sopInstanceUid), 1, "TEST", Instant.now());
    }
}
