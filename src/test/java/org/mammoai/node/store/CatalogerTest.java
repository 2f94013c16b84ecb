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
        Cataloger cataloger = new Cataloger(allOrNone(p -> {
            if (p.header().sopInstanceUid().equals("1.1") && failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("database away");
        }, cataloged), QUICK, QUICK, 5);
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
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        Cataloger cataloger = new Cataloger(batch -> {
            batchSizes.add(batch.size());
            batch.forEach(p -> tries.merge(p.header().sopInstanceUid(), 1, Integer::sum));
            if (batch.stream().anyMatch(p -> p.header().sopInstanceUid().equals("2.1"))) throw new IllegalStateException("always fails");
            batch.forEach(p -> cataloged.add(p.header().sopInstanceUid()));
        }, QUICK, QUICK, 3);
        try {
            cataloger.submit(pending("2.1"));
            long next = cataloger.submit(pending("2.2"));
            assertThat(cataloger.awaitCataloged(next, Duration.ofSeconds(10))).isTrue();
            assertThat(cataloged).containsExactly("2.2");
            // alone 3 times (its own attempts), plus once in a batch with 2.2 if both were queued when the thread looked
            assertThat(tries.get("2.1")).isEqualTo(batchSizes.contains(2) ? 4 : 3);
        } finally {
            cataloger.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void waitingEndsAfterItsTimeWhileTheCatalogIsStuck() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        Cataloger cataloger = new Cataloger(batch -> {
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
        Cataloger cataloger = new Cataloger(allOrNone(p -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, cataloged), QUICK, QUICK, 3);
        for (int i = 1; i <= 5; i++) cataloger.submit(pending("4." + i));
        cataloger.stop(Duration.ofSeconds(10));
        assertThat(cataloged).containsExactly("4.1", "4.2", "4.3", "4.4", "4.5");
        assertThat(cataloger.backlog()).isZero();
    }

    @Test
    void whatQueuesUpMeanwhileIsCatalogedInBatchesAndOneBadInstanceCostsTheOthersNothing() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1), release = new CountDownLatch(1);
        List<List<String>> attempts = new CopyOnWriteArrayList<>();
        List<String> cataloged = new CopyOnWriteArrayList<>();
        Cataloger cataloger = new Cataloger(batch -> {
            List<String> uids = batch.stream().map(p -> p.header().sopInstanceUid()).toList();
            attempts.add(uids);
            if (uids.equals(List.of("5.0"))) { // the first, alone: hold the thread while the rest queue up
                firstStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (uids.contains("5.7")) throw new IllegalStateException("5.7 cannot be written");
            cataloged.addAll(uids);
        }, QUICK, QUICK, 2);
        try {
            cataloger.submit(pending("5.0"));
            assertThat(firstStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long last = 0;
            for (int i = 1; i <= Cataloger.MAX_BATCH + 10; i++) last = cataloger.submit(pending("5." + i));
            release.countDown();
            assertThat(cataloger.awaitCataloged(last, Duration.ofSeconds(10))).isTrue();
            assertThat(attempts.get(1)).as("the next batch: as many as a batch may hold, in order")
                    .hasSize(Cataloger.MAX_BATCH).startsWith("5.1", "5.2").endsWith("5." + Cataloger.MAX_BATCH);
            assertThat(cataloged).as("every instance but the bad one, in the order received")
                    .hasSize(Cataloger.MAX_BATCH + 10).doesNotContain("5.7").startsWith("5.0", "5.1").endsWith("5." + (Cataloger.MAX_BATCH + 10));
            assertThat(attempts.stream().filter(a -> a.equals(List.of("5.7")))).as("the bad one alone, each of its attempts").hasSize(2);
            assertThat(attempts.stream().filter(a -> a.equals(List.of("5.6")))).as("its neighbours alone once, after the batch failed").hasSize(1);
            assertThat(cataloger.backlog()).isZero();
        } finally {
            cataloger.stop(Duration.ofSeconds(5));
        }
    }

    /** A step that writes a batch's instances into {@code cataloged} only if {@code check} passes for all of them, as a transaction would. */
    private static Cataloger.Step allOrNone(java.util.function.Consumer<Cataloger.Pending> check, List<String> cataloged) {
        return batch -> {
            batch.forEach(check);
            batch.forEach(p -> cataloged.add(p.header().sopInstanceUid()));
        };
    }

    private static Cataloger.Pending pending(String sopInstanceUid) {
        InstanceHeader header = new InstanceHeader(null, null, null, null, "9.9", null, null, null, null, "9.9.1", "MG", null, null,
                sopInstanceUid, "1.2.840.10008.5.1.4.1.1.1.2", null, null, null, null, 1, 1, null, null, 16, 1);
        return new Cataloger.Pending(header, Path.of("/nonexistent", sopInstanceUid), 1, "TEST", Instant.now());
    }
}
