package org.sparsesam.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestOnlyWorkerTest {
    @Test
    void valuesOfferedWhileAJobRunsCoalesceIntoTheNewest() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        LatestOnlyWorker<Integer> worker = new LatestOnlyWorker<>("test", v -> {
            ran.add(v);
            if (v == 1) {
                firstStarted.countDown();
                await(release);
            }
        });
        worker.offer(1);
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        for (int v = 2; v <= 50; v++) {
            worker.offer(v); // a drag: many changes while the first job runs
        }
        release.countDown();
        assertTrue(worker.awaitIdle(10_000));
        assertEquals(List.of(1, 50), ran, "one job at a time, then only the newest value");
        worker.shutdown();
    }

    @Test
    void aTaskQueuedWithThenRunsAfterTheOfferedValuesAndOffersAfterShutdownAreIgnored() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        LatestOnlyWorker<String> worker = new LatestOnlyWorker<>("test", ran::add);
        worker.offer("a");
        worker.then(() -> ran.add("commit")).get(10, TimeUnit.SECONDS);
        worker.shutdown();
        worker.offer("late");
        assertTrue(worker.awaitIdle(10_000));
        assertEquals(List.of("a", "commit"), ran);
    }

    @Test
    void aFailingJobDoesNotStopLaterValues() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        LatestOnlyWorker<Integer> worker = new LatestOnlyWorker<>("test", v -> {
            ran.add(v);
            if (v == 1) {
                throw new IllegalStateException("boom");
            }
        });
        worker.offer(1);
        assertTrue(worker.awaitIdle(10_000));
        worker.offer(2);
        assertTrue(worker.awaitIdle(10_000));
        assertEquals(List.of(1, 2), ran);
        worker.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
