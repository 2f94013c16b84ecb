package org.mammoai.node.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AbandonedWritersTest {
    @Test
    void onlyUnnamedWritersOfTheAssociationAreInterruptedNotPoolThreadsBornInItsGroup() throws Exception {
        ThreadGroup association = new ThreadGroup("dicom-association-test");
        AtomicBoolean writerInterrupted = new AtomicBoolean(), poolInterrupted = new AtomicBoolean(), callerInterrupted = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(2), done = new CountDownLatch(1);
        Thread writer = new Thread(association, () -> waitFor(waiting, done, writerInterrupted)); // PixelMed's kind: default name
        Thread pool = new Thread(association, () -> waitFor(waiting, done, poolInterrupted), "executor-thread-7");
        assertThat(writer.getName()).matches("Thread-[0-9]+");
        writer.start();
        pool.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        Thread caller = new Thread(association, () -> {
            AbandonedWriters.interrupt(Thread.currentThread().getThreadGroup());
            callerInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        caller.join(10_000);
        writer.join(10_000);
        assertThat(writerInterrupted).as("the abandoned writer stops").isTrue();
        assertThat(callerInterrupted).as("the association thread itself goes on").isFalse();
        done.countDown();
        pool.join(10_000);
        assertThat(poolInterrupted).as("a pool thread in the group is left alone").isFalse();
    }

    private static void waitFor(CountDownLatch waiting, CountDownLatch done, AtomicBoolean interrupted) {
        waiting.countDown();
        try {
            done.await();
        } catch (InterruptedException e) {
            interrupted.set(true);
        }
    }
}
