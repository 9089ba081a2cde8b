package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.display.MimeBundle;
import tech.tablesaw.api.Table;

class DescentTest {

    @Test
    void batchedDescentFollowsTheSameTrajectoryAsOneWalkerAtATimeByHand() {
        // The reference walks one point at a time with the gradient summed term by term from the couplings
        // (no coupling matrix, no matrix product), with the same update rule and stopping test.
        int lambda = 14, walkers = 6;
        double eta = 0.12, tol = 1e-7;
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(lambda, 3, 17)) {
            Descent descent = Descent.walkers(walkers).stepSize(eta).tolerance(tol).maxSteps(5000).seed(3);
            DescentResult batched = descent.run(glass);
            assertEquals(walkers, batched.convergedCount(), "all walkers converge at lambda = 14");
            for (int j = 0; j < walkers; j++) {
                double[] w = descent.startingPoint(j, lambda);
                int steps = 0;
                double energy;
                while (true) {
                    double[] g = SphericalSpinGlassTest.directGradient(glass, w);
                    double wg = Sphere.dot(w, g), r2 = 0;
                    double[] r = new double[lambda];
                    for (int i = 0; i < lambda; i++) {
                        r[i] = g[i] - wg / lambda * w[i];
                        r2 += r[i] * r[i];
                    }
                    if (Math.sqrt(r2 / lambda) <= tol) {
                        energy = wg / 3;
                        break;
                    }
                    double n2 = 0;
                    for (int i = 0; i < lambda; i++) {
                        w[i] -= eta * r[i];
                        n2 += w[i] * w[i];
                    }
                    for (int i = 0; i < lambda; i++) {
                        w[i] *= Math.sqrt(lambda / n2);
                    }
                    steps++;
                }
                // rounding differs (matrix product vs term-by-term sum); near the end GD contracts, so the two
                // trajectories stay within ~1e-10; the stopping step may differ by one.
                assertEquals(energy, batched.energies()[j], 1e-9, "energy of walker " + j);
                assertTrue(Math.abs(steps - batched.steps()[j]) <= 1, "steps of walker " + j + ": " + steps
                        + " by hand, " + batched.steps()[j] + " batched");
                double[] end = batched.point(j);
                for (int i = 0; i < lambda; i++) {
                    assertEquals(w[i], end[i], 1e-6, "walker " + j + ", coordinate " + i);
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheBatchSize() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(20, 3, 5)) {
            Descent all = Descent.walkers(9).seed(1).tolerance(1e-6);
            Descent twoAtATime = Descent.walkers(9).seed(1).tolerance(1e-6);
            twoAtATime.batchLimit = 2;
            DescentResult a = all.run(glass), b = twoAtATime.run(glass);
            assertArrayEquals(a.steps(), b.steps());
            for (int j = 0; j < 9; j++) {
                assertEquals(a.energies()[j], b.energies()[j], 1e-12 * 20, "walker " + j);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void anInterruptedDescentResumesToExactlyTheSameResult() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(18, 3, 8)) {
            DescentResult uninterrupted = Descent.walkers(7).seed(4).tolerance(1e-6).run(glass);

            Descent descent = Descent.walkers(7).seed(4).tolerance(1e-6);
            descent.batchLimit = 3; // walkers wait their turn, so some finish before the interruption
            descent.afterStep = steps -> {
                if (steps == 150) {
                    Thread.currentThread().interrupt(); // as a kernel does when the cell is interrupted
                }
            };
            assertThrows(CancellationException.class, () -> descent.run(glass));
            assertTrue(Thread.interrupted(), "the flag stays set for the caller; cleared here");
            int doneBefore = descent.finishedWalkers();
            assertTrue(doneBefore > 0 && doneBefore < 7, "some but not all walkers finished: " + doneBefore);
            DescentResult partial = descent.result();
            assertEquals(doneBefore, partial.finished());

            descent.afterStep = null;
            // resuming on the same glass created again (as a notebook does after a restart of the cell)
            try (SphericalSpinGlass again = SphericalSpinGlass.of(18, 3, 8)) {
                DescentResult resumed = descent.run(again);
                assertArrayEquals(uninterrupted.steps(), resumed.steps());
                // nothing was done twice: finished walkers were kept and running ones continued where they were
                assertEquals(uninterrupted.walkerSteps(), resumed.walkerSteps());
                assertArrayEquals(uninterrupted.energies(), resumed.energies(), 1e-12);
                for (int j = 0; j < 7; j++) {
                    assertArrayEquals(uninterrupted.point(j), resumed.point(j), 1e-12);
                }
            }
            String m = assertThrows(IllegalArgumentException.class,
                    () -> descent.run(SphericalSpinGlass.of(18, 3, 9))).getMessage();
            assertTrue(m.startsWith("glass: this descent was started on the 3-spin glass with lambda = 18 and seed 8"), m);
        }
    }

    @Test
    void aDescentSavedToAFileResumesInANewObjectAsAfterAKernelRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("descent.saved");
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(18, 3, 8)) {
            DescentResult uninterrupted = Descent.walkers(7).seed(4).tolerance(1e-6).run(glass);

            Descent first = Descent.walkers(7).seed(4).tolerance(1e-6).saveTo(file);
            first.batchLimit = 3;
            first.afterStep = steps -> {
                if (steps == 150) {
                    Thread.currentThread().interrupt();
                }
            };
            assertThrows(CancellationException.class, () -> first.run(glass));
            assertTrue(Thread.interrupted());
            int doneBefore = first.finishedWalkers();
            assertTrue(doneBefore > 0 && doneBefore < 7, "some but not all walkers finished: " + doneBefore);
            assertTrue(Files.exists(file), "the interruption saved the state");

            // a new kernel: a new Descent with the same settings and file, on the glass created again
            try (SphericalSpinGlass again = SphericalSpinGlass.of(18, 3, 8)) {
                Descent second = Descent.walkers(7).seed(4).tolerance(1e-6).saveTo(file);
                DescentResult resumed = second.run(again);
                assertArrayEquals(uninterrupted.steps(), resumed.steps());
                assertEquals(uninterrupted.walkerSteps(), resumed.walkerSteps(), "nothing was done twice");
                assertArrayEquals(uninterrupted.energies(), resumed.energies(), 1e-12);
                for (int j = 0; j < 7; j++) {
                    assertArrayEquals(uninterrupted.point(j), resumed.point(j), 1e-12);
                }
                // the finished run is saved too: a third object computes nothing
                Descent third = Descent.walkers(7).seed(4).tolerance(1e-6).saveTo(file);
                third.afterStep = steps -> {
                    throw new AssertionError("a finished, saved descent took a step");
                };
                assertArrayEquals(resumed.energies(), third.run(again).energies(), 0.0);
                // indices computed after a restart are kept as well
                DescentResult withIndex = third.computeIndices(again, 3);
                Descent fourth = Descent.walkers(7).seed(4).tolerance(1e-6).saveTo(file);
                assertArrayEquals(withIndex.indices(), fourth.run(again).indices());
            }
        }
    }

    @Test
    void aSavedDescentOfOtherSettingsIsRefusedAndADamagedOneReplaced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("descent.saved");
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(16, 3, 2)) {
            DescentResult reference = Descent.walkers(4).seed(10).tolerance(1e-6).saveTo(file).run(glass);
            String m = assertThrows(IllegalArgumentException.class,
                    () -> Descent.walkers(4).seed(10).tolerance(1e-5).saveTo(file).run(glass)).getMessage();
            assertTrue(m.contains("tolerance: saved 1.0E-6, now 1.0E-5"), m);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            DescentResult again = Descent.walkers(4).seed(10).tolerance(1e-6).saveTo(file).run(glass);
            assertArrayEquals(reference.energies(), again.energies(), 0.0);
            assertTrue(Files.exists(dir.resolve("descent.saved.corrupt")), "the damaged file is kept aside");
            assertArrayEquals(reference.energies(), Descent.walkers(4).seed(10).tolerance(1e-6).saveTo(file).run(glass)
                    .energies(), 0.0, "and the new run was saved in its place");
        }
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(16, 3, 2)) {
            DescentResult a = Descent.walkers(4).seed(10).run(glass);
            DescentResult b = Descent.walkers(4).seed(10).run(glass);
            DescentResult c = Descent.walkers(4).seed(11).run(glass);
            assertArrayEquals(a.energies(), b.energies(), 0.0);
            assertArrayEquals(a.steps(), b.steps());
            assertFalse(a.energies()[0] == c.energies()[0]);
            // with fading noise (the stochastic variant): still reproducible, still converging
            DescentResult n1 = Descent.walkers(4).seed(10).noise(0.5, 200).run(glass);
            DescentResult n2 = Descent.walkers(4).seed(10).noise(0.5, 200).run(glass);
            assertArrayEquals(n1.energies(), n2.energies(), 0.0);
            assertEquals(4, n1.convergedCount());
            assertFalse(java.util.Arrays.equals(n1.energies(), a.energies()), "the noise changed the walk");
        }
    }

    @Test
    void gradientDescentEndsInMinimaOfIndexZero() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(40, 3, 6)) {
            Descent descent = Descent.walkers(12).seed(2);
            descent.run(glass);
            DescentResult result = descent.computeIndices(glass, 12);
            assertEquals(12, result.indicesComputed());
            assertEquals(12, result.indexCount(0), "every minimum has index 0");
            for (double e : result.smallestEigenvalues()) {
                assertTrue(e > 0, "smallest Hessian eigenvalue " + e + " > 0");
            }
            // and the gradient at the end points is as small as the tolerance says
            for (int i = 0; i < result.finished(); i++) {
                double[] r = glass.riemannianGradient(result.point(i));
                assertTrue(Math.sqrt(Sphere.dot(r, r) / 40) <= 1e-4);
            }
        }
    }

    @Test
    void gradientAscentEndsInMaximaOfIndexLambdaMinusOne() {
        // The index is not always 0: at a local maximum all Lambda - 1 tangent directions curve down.
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(25, 3, 6)) {
            double[] w = glass.randomPoint(3);
            for (int t = 0; t < 20_000; t++) {
                double[] r = glass.riemannianGradient(w);
                if (Math.sqrt(Sphere.dot(r, r) / 25) < 1e-9) {
                    break;
                }
                for (int i = 0; i < 25; i++) {
                    w[i] += 0.1 * r[i];
                }
                w = glass.onSphere(w);
            }
            assertEquals(24, glass.index(w));
            assertEquals(0, glass.index(SphericalSpinGlassTest.scaled(w, -1)), "-w is a minimum (H odd: L(-w) = -L(w))");
        }
    }

    @Test
    void newtonFindsSaddlesOfSeveralIndicesAndTheirIndicesGrowWithEnergy() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(24, 3, 12)) {
            CriticalPoints found = CriticalPointSearch.starts(60).seed(1).run(glass);
            assertTrue(found.count() >= 30, "distinct critical points: " + found.count());
            int[] k = found.indices();
            double[] e = found.energiesPerSite();
            int distinct = (int) java.util.Arrays.stream(k).distinct().count();
            assertTrue(distinct >= 4, "indices found: " + java.util.Arrays.toString(k));
            for (int i = 0; i < found.count(); i++) {
                double[] r = glass.riemannianGradient(found.point(i));
                assertTrue(Math.sqrt(Sphere.dot(r, r) / 24) <= 1e-10, "critical point " + i);
                assertEquals(glass.index(found.point(i)), k[i]);
            }
            assertTrue(found.rankCorrelation() > 0.7, "energy and index rise together: " + found.rankCorrelation());
            assertTrue(e.length == k.length);
        }
    }

    @Test
    void walkersOutOfStepsAreReportedAsNotConverged() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(20, 3, 1)) {
            DescentResult r = Descent.walkers(3).maxSteps(5).run(glass);
            assertEquals(3, r.finished());
            assertEquals(0, r.convergedCount());
            assertArrayEquals(new int[]{5, 5, 5}, r.steps());
            assertTrue(r.summary().contains("none converged"), r.summary());
            assertThrows(IllegalStateException.class, r::mean);
        }
    }

    @Test
    void statisticsOfTheMinima() {
        double[] e = {-10, -12, -11, -13, -9};
        DescentResult r = new DescentResult(10, 3, 0, 6, 0.1, 1e-4, 100, new int[]{0, 1, 2, 3, 4},
                e, new int[]{1, 2, 3, 4, 5}, new boolean[]{true, true, true, true, false}, new double[5],
                new int[]{0, 0, -1, 1, -1}, new double[5], new double[5][10], 1.0, 15);
        // converged: -1.0, -1.2, -1.1, -1.3 per coordinate
        assertEquals(4, r.convergedCount());
        assertEquals(-1.15, r.mean(), 1e-12);
        assertEquals(Math.sqrt((0.15 * 0.15 * 2 + 0.05 * 0.05 * 2) / 3), r.std(), 1e-12);
        assertEquals(-1.15, r.quantile(0.5), 1e-12);
        assertEquals(-1.3, r.min(), 1e-12);
        assertEquals(-1.0, r.max(), 1e-12);
        assertEquals(-1.075 - (-1.225), r.iqr(), 1e-12);
        assertEquals(3, r.indicesComputed());
        assertEquals(2, r.indexCount(0));
        assertEquals(0.5, r.shareAbove(-1.15), 1e-12);
        assertEquals(4, r.distinctMinima());
        assertEquals(5, r.maxSteps());
        Table t = r.table();
        assertEquals(5, t.rowCount());
        assertEquals(8, t.columnCount());
        MimeBundle bundle = r.toMimeBundle();
        assertTrue(bundle.has(MimeBundle.PNG));
        assertTrue(r.summary().startsWith("lambda = 10: 4 of 6 walkers converged"), r.summary());
    }

    @Test
    void settingsAreCheckedAndFixedOnceStarted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Descent.walkers(0)).getMessage()
                .startsWith("walkers must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Descent.walkers(3).stepSize(-1)).getMessage()
                .startsWith("stepSize must be a positive number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Descent.walkers(3).tolerance(Double.NaN))
                .getMessage().startsWith("tolerance must be"));
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(10, 3, 1)) {
            Descent d = Descent.walkers(2).maxSteps(1);
            d.run(glass);
            assertTrue(assertThrows(IllegalStateException.class, () -> d.seed(3)).getMessage()
                    .contains("cannot change once it has started"));
        }
        assertEquals(1.5 / (2 * Math.sqrt(6) + 3 * 2 * Math.sqrt(2.0 / 3)), Descent.defaultStepSize(3), 1e-15);
    }
}
