package org.mammoai.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Group commit of folder flushes: shared between concurrent callers, and nobody returns before its folders are flushed. */
class FolderSyncTest {
    @Test
    void callersWaitingDuringAFlushShareTheNextOneAndReturnOnlyAfterIt() throws Exception {
        CountDownLatch firstFlushStarted = new CountDownLatch(1), othersQueued = new CountDownLatch(1);
        Set<Path> flushed = ConcurrentHashMap.newKeySet();
        List<Path> flushOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        FolderSync sync = new FolderSync(folder -> {
            flushOrder.add(folder);
            if (folder.equals(Path.of("/spool/first"))) {
                firstFlushStarted.countDown();
                await(othersQueued); // hold the first flush until the other callers have joined the forming batch
            }
            flushed.add(folder);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?> first = pool.submit(() -> { sync.sync(List.of(Path.of("/spool/first"))); return null; });
            firstFlushStarted.await(5, TimeUnit.SECONDS);
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path own = Path.of("/spool/leaf" + i), shared = Path.of("/spool/shared");
                others.add(pool.submit(() -> {
                    sync.sync(List.of(own, shared));
                    return flushed.contains(own) && flushed.contains(shared); // must already be on disk when we return
                }));
            }
            for (int i = 0; i < 500 && sync.waiting() < 6; i++) Thread.sleep(10); // the six wait in the forming batch
            assertThat(sync.waiting()).isEqualTo(6);
            othersQueued.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (Future<Boolean> f : others) assertThat(f.get(5, TimeUnit.SECONDS)).as("returned after its folders were flushed").isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(sync.counts()[0]).as("one flush for the first caller, one shared by the six others").isEqualTo(2);
        assertThat(flushOrder).as("the folder all six share is flushed once").filteredOn(p -> p.endsWith("shared")).hasSize(1);
        assertThat(sync.counts()[1]).isEqualTo(1 + 6 + 1);
    }

    @Test
    void aFailedFlushFailsEveryCallerInItsBatch() {
        FolderSync sync = new FolderSync(folder -> { throw new IOException("disk gone: " + folder); });
        assertThatThrownBy(() -> sync.sync(List.of(Path.of("/spool/a")))).isInstanceOf(IOException.class).hasMessageContaining("disk gone");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
