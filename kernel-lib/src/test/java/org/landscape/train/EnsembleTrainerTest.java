package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Figure;
import tech.tablesaw.api.Table;

/**
 * The ensemble trainer against the existing {@link Trainer} run on each network alone (same initialisation, same
 * minibatch order, same settings), resume = uninterrupted, divergence masked, thread-count independence, memory
 * refusal and bad inputs.
 */
class EnsembleTrainerTest {
    @TempDir
    Path dir;

    /** A classification sample: Gaussian inputs, labels from a random linear teacher, one-hot. */
    static Dataset classes(int m, int inputs, int classes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] teacher = new double[classes][inputs];
        for (double[] row : teacher) {
            for (int j = 0; j < inputs; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] x = new double[m][inputs], y = new double[m][classes];
        for (int i = 0; i < m; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < inputs; j++) {
                x[i][j] = random.nextGaussian();
            }
            for (int c = 0; c < classes; c++) {
                double s = 0.3 * random.nextGaussian();
                for (int j = 0; j < inputs; j++) {
                    s += teacher[c][j] * x[i][j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i][best] = 1;
        }
        return Dataset.of(m + " examples, " + classes + " classes", x, y);
    }

    private final Dataset train = classes(120, 5, 3, 1);
    private final Dataset test = classes(50, 5, 3, 2);

    private static Network.Builder builder(int... widths) {
        return Network.builder(Architecture.of(widths)).activation(Activation.TANH).loss(Loss.CROSS_ENTROPY)
                .init(Network.Init.UNIT_CUBE);
    }

    private EnsembleTrainer trainer() {
        // minibatch 32 of 120: three full steps and a short one per epoch
        return EnsembleTrainer.sgd(0.05).momentum(0.9).decay(0.9).batchSize(32).epochs(6).recordEvery(2).test(test)
                .progress(false);
    }

    private TrainingRun solo(Network.Builder builder, long seed) {
        return Trainer.sgd(0.05).momentum(0.9).decay(0.9).batchSize(32).epochs(6).seed(seed).test(test).progress(false)
                .train(builder.seed(seed).build(), train);
    }

    private static double maxRelative(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double scale = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / scale;
    }

    /**
     * Each member equals the network trained alone by Trainer. Double: the two engines add the same products in
     * different orders (Risk's tiles and lane sums, the batched kernels' in-order fused multiply-adds), so they
     * differ by rounding, about 1e-16 per operation, grown by 24 momentum steps to ~1e-14: 1e-11 relative leaves a
     * margin and still catches any real difference (a wrong minibatch, rate or momentum changes theta by 1e-3 or
     * more). Float: rounding of 6e-8 per operation, grown the same way: 1e-4 relative.
     */
    @Test
    void membersEqualTheirSoloRunsOneAndTwoHiddenLayers() {
        for (int[] widths : new int[][]{{5, 7, 3}, {5, 6, 4, 3}}) {
            Network.Builder b = builder(widths);
            EnsembleRun dbl = trainer().train("double", b, train, 4, 10);
            EnsembleRun flt = trainer().precision(EnsembleTrainer.Precision.FLOAT).train("float", b, train, 4, 10);
            for (int k = 0; k < 4; k++) {
                TrainingRun alone = solo(b, 10 + k);
                assertFalse(alone.diverged());
                double[] theta = alone.finalParameters();
                double d = maxRelative(dbl.theta(k), theta), f = maxRelative(flt.theta(k), theta);
                assertTrue(d < 1e-11, java.util.Arrays.toString(widths) + " member " + k + ": double differs by " + d);
                assertTrue(f < 1e-4, java.util.Arrays.toString(widths) + " member " + k + ": float differs by " + f);
                double[] trainLoss = dbl.trainLoss(k), testLoss = dbl.testLoss(k);
                assertEquals(alone.finalTrainLoss(), trainLoss[trainLoss.length - 1], 1e-11 * alone.finalTrainLoss());
                assertEquals(alone.finalTestLoss(), testLoss[testLoss.length - 1], 1e-11 * alone.finalTestLoss());
                assertEquals(alone.trainLoss()[0], trainLoss[0], 1e-13 * alone.trainLoss()[0], "epoch 0");
                assertEquals(alone.trainLoss()[2], trainLoss[1], 1e-11 * alone.trainLoss()[2], "epoch 2");
                assertEquals(1 - alone.finalTrainAccuracy(), dbl.trainError(k)[trainLoss.length - 1], 1e-12);
                assertEquals(1 - alone.finalTestAccuracy(), dbl.testError(k)[testLoss.length - 1], 1e-12);
                assertEquals(alone.finalTestLoss(), flt.testLoss(k)[testLoss.length - 1], 1e-4 * alone.finalTestLoss());
                // theta is in Network's layout: the library's engine gives the recorded loss there
                assertEquals(trainLoss[trainLoss.length - 1], Risk.of(dbl.network(), train).value(dbl.theta(k)),
                        1e-12 * trainLoss[trainLoss.length - 1]);
            }
            assertArrayEquals(new int[]{0, 2, 4, 6}, dbl.recordedEpochs());
        }
    }

    @Test
    void scaledInitialisationAndNoMomentumMatchTrainerToo() {
        Network.Builder b = builder(5, 9, 3).biases(false);
        EnsembleRun run = EnsembleTrainer.sgd(0.2).decay(0.95).batchSize(50).epochs(4).initScale(0.1).progress(false)
                .train("scaled", b, train, 3, 7);
        for (int k = 0; k < 3; k++) {
            Network net = b.seed(7 + k).build();
            double[] theta = net.parameters();
            for (int i = 0; i < theta.length; i++) {
                theta[i] *= 0.1;
            }
            net.setParameters(theta);
            TrainingRun alone = Trainer.sgd(0.2).decay(0.95).batchSize(50).epochs(4).seed(7 + k).progress(false)
                    .train(net, train);
            double d = maxRelative(run.theta(k), alone.finalParameters());
            assertTrue(d < 1e-11, "member " + k + " differs by " + d);
        }
        assertTrue(Double.isNaN(run.testLoss(0)[0]), "no test set, no test loss");
    }

    @Test
    void divergingMemberIsMaskedAndTheOthersEqualTheirSoloRuns() {
        Network.Builder b = Network.builder(Architecture.of(5, 7, 3)).activation(Activation.RELU).loss(Loss.SQUARE);
        EnsembleTrainer.Initialiser init = (index, seed) -> {
            double[] theta = b.seed(seed).build().parameters();
            for (int i = 0; index == 2 && i < theta.length; i++) {
                theta[i] *= 30; // far outside the stable range of the step size: this one blows up
            }
            return theta;
        };
        EnsembleRun run = EnsembleTrainer.sgd(0.05).momentum(0.5).batchSize(32).epochs(5).test(test).progress(false)
                .init("member 2 scaled by 30", init).train("divergence", b, train, 4, 20);
        assertTrue(run.diverged(2), "member 2 should diverge");
        assertNotNull(run.divergence(2));
        assertEquals(1, run.divergedCount());
        for (int k : new int[]{0, 1, 3}) {
            assertFalse(run.diverged(k));
            TrainingRun alone = Trainer.sgd(0.05).momentum(0.5).batchSize(32).epochs(5).seed(20 + k).test(test)
                    .progress(false).train(b.seed(20 + k).build(), train);
            double d = maxRelative(run.theta(k), alone.finalParameters());
            assertTrue(d < 1e-11, "member " + k + " differs by " + d);
        }
        double[] theta = run.theta(2);
        for (double v : theta) {
            assertTrue(Double.isFinite(v), "a diverged member keeps its last completed epoch's finite parameters");
        }
        Table table = run.table();
        assertEquals(4, table.rowCount());
        assertTrue(table.booleanColumn("diverged").get(2));
        assertTrue(table.doubleColumn("test loss").isMissing(2), "a diverged member has no final loss");
        assertEquals(3, run.finalTestLosses().length);
        assertTrue(run.summary().contains("1 diverged"), run.summary());
    }

    @Test
    void sameSeedSameBitsAtOneAndTwoThreads() {
        for (EnsembleTrainer.Precision p : EnsembleTrainer.Precision.values()) {
            EnsembleRun one = trainer().precision(p).threads(1).train("one", builder(5, 7, 3), train, 5, 3);
            EnsembleRun two = trainer().precision(p).threads(2).train("two", builder(5, 7, 3), train, 5, 3);
            for (int k = 0; k < 5; k++) {
                assertArrayEquals(one.theta(k), two.theta(k), 0.0, p + " member " + k);
                assertArrayEquals(one.testLoss(k), two.testLoss(k), 0.0, p + " member " + k);
            }
        }
    }

    @Test
    void interruptedRunResumesWithTheSameBits() throws Exception {
        for (EnsembleTrainer.Precision p : EnsembleTrainer.Precision.values()) {
            Network.Builder b = builder(5, 7, 3);
            EnsembleTrainer long_ = EnsembleTrainer.sgd(0.05).momentum(0.9).decay(0.98).batchSize(16).epochs(60)
                    .recordEvery(5).test(test).precision(p).threads(2).progress(false);
            EnsembleRun whole = long_.train("whole", b, train, 6, 1);
            Path where = dir.resolve(p.name());
            Path file = where.resolve("ensemble.saved");
            Thread trainer = Thread.currentThread();
            Thread watcher = new Thread(() -> {
                while (!Files.exists(file)) {
                    Thread.onSpinWait();
                }
                trainer.interrupt();
            });
            watcher.start();
            long_.directory(where).saveEvery(0);
            CancellationException stopped = assertThrows(CancellationException.class,
                    () -> long_.train("whole", b, train, 6, 1), "the run should be interrupted after its first save");
            watcher.join();
            assertTrue(stopped.getMessage().contains("resumes"), stopped.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "the interruption is answered, the flag cleared");
            EnsembleRun resumed = long_.train("whole", b, train, 6, 1);
            assertTrue(resumed.resumedAt() >= 1 && resumed.resumedAt() < 60, "resumed at " + resumed.resumedAt());
            for (int k = 0; k < 6; k++) {
                assertArrayEquals(whole.theta(k), resumed.theta(k), 0.0, p + " member " + k);
                assertArrayEquals(whole.trainLoss(k), resumed.trainLoss(k), 0.0, p + " member " + k);
                assertArrayEquals(whole.testError(k), resumed.testError(k), 0.0, p + " member " + k);
            }
            // a finished run read back is the same again, and another job's settings are refused, naming the setting
            EnsembleRun again = long_.train("whole", b, train, 6, 1);
            assertArrayEquals(whole.theta(5), again.theta(5), 0.0);
            IllegalStateException foreign = assertThrows(IllegalStateException.class,
                    () -> long_.momentum(0.5).train("whole", b, train, 6, 1));
            assertTrue(foreign.getMessage().contains("momentum"), foreign.getMessage());
        }
    }

    @Test
    void aDamagedSavedStateIsNotUsedAndTheRunStartsOver() throws Exception {
        EnsembleTrainer t = trainer().directory(dir.resolve("damaged"));
        EnsembleRun first = t.train("first", builder(5, 7, 3), train, 3, 4);
        Path file = dir.resolve("damaged/ensemble.saved");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40; // one flipped bit in the middle of the parameters
        Files.write(file, bytes);
        EnsembleRun again = t.train("first", builder(5, 7, 3), train, 3, 4);
        assertEquals(0, again.resumedAt(), "a damaged file is not resumed from");
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(first.theta(k), again.theta(k), 0.0, "member " + k);
        }
        assertEquals(bytes.length, Files.size(file), "the recomputed state replaced the damaged file");
        assertFalse(java.util.Arrays.equals(bytes, Files.readAllBytes(file)));
    }

    @Test
    void memoryIsRefusedBeforeAllocating() {
        Network.Builder b = builder(100, 500, 10);
        Dataset small = classes(10, 100, 10, 3);
        EnsembleTrainer t = EnsembleTrainer.sgd(0.1).momentum(0.9).progress(false);
        long bytes = t.memoryNeeded(b, small, 100_000);
        assertTrue(bytes > 100_000L * 50_000 * 8 * 2, "parameters and velocity in double: " + bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.train("too many", b, small, 100_000, 0));
        assertTrue(e.getMessage().contains("needs") && e.getMessage().contains("fewer networks")
                && e.getMessage().contains("Precision.FLOAT"), e.getMessage());
        long floats = EnsembleTrainer.sgd(0.1).momentum(0.9).precision(EnsembleTrainer.Precision.FLOAT)
                .memoryNeeded(b, small, 100_000);
        assertTrue(floats < 0.6 * bytes, "float halves the parameters: " + floats + " vs " + bytes);
    }

    @Test
    void badInputsAreRefusedNamingTheParameter() {
        assertMessage("learningRate", () -> EnsembleTrainer.sgd(-1));
        assertMessage("learningRate", () -> EnsembleTrainer.sgd(Double.NaN));
        assertMessage("momentum", () -> EnsembleTrainer.sgd(0.1).momentum(1));
        assertMessage("decay", () -> EnsembleTrainer.sgd(0.1).decay(0));
        assertMessage("batchSize", () -> EnsembleTrainer.sgd(0.1).batchSize(-1));
        assertMessage("epochs", () -> EnsembleTrainer.sgd(0.1).epochs(0));
        assertMessage("threads", () -> EnsembleTrainer.sgd(0.1).threads(0));
        assertMessage("initScale", () -> EnsembleTrainer.sgd(0.1).initScale(0));
        assertMessage("precision", () -> EnsembleTrainer.sgd(0.1).precision(null));
        assertMessage("recordEvery", () -> EnsembleTrainer.sgd(0.1).recordEvery(0));
        EnsembleTrainer t = EnsembleTrainer.sgd(0.1).epochs(3).progress(false);
        assertMessage("networks", () -> t.train("x", builder(5, 7, 3), train, 0, 0));
        assertMessage("builder", () -> t.train("x", null, train, 2, 0));
        assertMessage("train", () -> t.train("x", builder(5, 7, 3), null, 2, 0));
        assertMessage("name", () -> t.train(" ", builder(5, 7, 3), train, 2, 0));
        assertMessage("inputs", () -> t.train("x", builder(4, 7, 3), train, 2, 0));
        assertMessage("recordAt", () -> EnsembleTrainer.sgd(0.1).epochs(3).recordAt(5).train("x", builder(5, 7, 3), train, 2, 0));
        assertMessage("test set", () -> EnsembleTrainer.sgd(0.1).test(classes(10, 4, 3, 1)).train("x", builder(5, 7, 3), train, 2, 0));
        assertMessage("initialiser", () -> t.init("short", (i, s) -> new double[3]).train("x", builder(5, 7, 3), train, 2, 0));
    }

    private static void assertMessage(String word, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(word), "message should name " + word + ": " + e.getMessage());
    }

    @Test
    void resultShowsHistogramsTableAndCurves() {
        EnsembleRun narrow = trainer().train("width 4", builder(5, 4, 3), train, 6, 1);
        EnsembleRun wide = trainer().train("width 12", builder(5, 12, 3), train, 6, 1);
        Figure both = EnsembleRun.histograms("final test loss per width", 0, narrow, wide);
        assertTrue(both.image().getWidth() > 100 && both.summary().contains("width 12"), both.summary());
        assertTrue(narrow.figure().image().getWidth() > both.image().getWidth(), "histogram beside the curves");
        Table t = wide.table();
        assertEquals(6, t.rowCount());
        assertEquals(12, t.intColumn("width").get(0));
        assertEquals(6 * 4, wide.history().rowCount());
        double[] tl = wide.finalTestLosses();
        assertEquals(wide.testLoss(3)[3], tl[3], 0.0);
        assertTrue(wide.summary().contains("6 networks") && wide.summary().contains("Pearson"), wide.summary());
        Path csv = dir.resolve("w12.csv");
        wide.write(csv);
        assertTrue(Files.exists(csv));
    }
}
