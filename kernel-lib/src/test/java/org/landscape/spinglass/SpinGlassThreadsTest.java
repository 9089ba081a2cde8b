package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 1: one glass used from two threads. Before, the batched products shared one work space, so two
 * descents on SphericalSpinGlass.of(80, 3) returned garbage reported as converged minima (median E/Lambda 0.0000
 * instead of about -1.56) and gradients(points) from two threads returned each other's gradients.
 */
@org.junit.jupiter.api.Tag("reliability")
class SpinGlassThreadsTest {

    @Test
    void twoDescentsOnOneGlassInTwoThreadsGiveWhatEachGivesAlone() throws Exception {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(80, 3)) {
            DescentResult aloneA = Descent.walkers(16).tolerance(1e-3).seed(1).run(glass);
            DescentResult aloneB = Descent.walkers(16).tolerance(1e-3).seed(2).run(glass);
            Descent a = Descent.walkers(16).tolerance(1e-3).seed(1), b = Descent.walkers(16).tolerance(1e-3).seed(2);
            List<DescentResult> together = inTwoThreads(() -> a.run(glass), () -> b.run(glass));
            assertArrayEquals(aloneA.energies(), together.get(0).energies(), 0.0, "seed 1: same minima as alone");
            assertArrayEquals(aloneB.energies(), together.get(1).energies(), 0.0, "seed 2: same minima as alone");
            double median = org.landscape.stats.Stats.median(together.get(0).minimaPerSite());
            assertTrue(median < -1.4, "converged minima of a 3-spin glass lie near -1.56, got median " + median);
        }
    }

    @Test
    void gradientsOfManyPointsFromTwoThreadsAreEachThreadsOwn() throws Exception {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(80, 3)) {
            double[][] p = new double[300][], q = new double[300][];
            for (int k = 0; k < 300; k++) {
                p[k] = glass.randomPoint(k);
                q[k] = glass.randomPoint(1000 + k);
            }
            double[][] expectP = glass.gradients(p), expectQ = glass.gradients(q);
            for (int round = 0; round < 5; round++) {
                List<double[][]> got = inTwoThreads(() -> glass.gradients(p), () -> glass.gradients(q));
                for (int k = 0; k < 300; k++) {
                    assertArrayEquals(expectP[k], got.get(0)[k], 0.0, "thread 1, point " + k);
                    assertArrayEquals(expectQ[k], got.get(1)[k], 0.0, "thread 2, point " + k);
                }
            }
        }
    }

    @Test
    void oneDescentRunFromTwoThreadsAtOnceIsRefusedWithTheFix() throws Exception {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(30, 3)) {
            Descent shared = Descent.walkers(20).seed(3);
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            shared.afterStep = step -> {
                if (step == 1) {
                    inside.countDown();
                    await(release);
                }
            };
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<DescentResult> first = pool.submit(() -> shared.run(glass));
                assertTrue(inside.await(60, TimeUnit.SECONDS));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> shared.run(glass));
                assertTrue(e.getMessage().contains("already running in another thread")
                        && e.getMessage().contains("its own Descent"), e.getMessage());
                release.countDown();
                assertEquals(20, first.get(60, TimeUnit.SECONDS).finished());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SafeVarargs
    private static <T> List<T> inTwoThreads(java.util.concurrent.Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
