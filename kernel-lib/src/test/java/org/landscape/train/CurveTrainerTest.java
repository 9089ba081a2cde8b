package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Curve;
import org.landscape.slice.Metric;
import org.landscape.slice.ModeCurve;
import org.landscape.slice.Slices;
import org.landscape.stats.Stats;

/**
 * Mode connectivity: the curves between two solutions (ends fixed, the loss along them equal to direct evaluation,
 * the bend's gradient by the chain rule) and the training of the bend (it lowers the curve's mean loss; same seed, same
 * bend; interrupted or saved, it resumes to the uninterrupted run).
 */
class CurveTrainerTest {
    private static final Dataset DATA = Synthetic.teacher(120, 4, 1);
    private static final Network NET = Network.builder(Architecture.of(5, 6, 1)).activation(Activation.TANH).seed(3).build();
    /** A trained network and the copy with its hidden units permuted: same loss, a barrier between them. */
    private static final double[] A, B;

    static {
        Trainer.sgd(0.05).momentum(0.9).batchSize(16).epochs(40).seed(3).progress(false).train(NET, DATA);
        A = NET.parameters();
        B = NET.permuteHiddenUnits(A, 1, new int[]{3, 5, 0, 1, 4, 2});
    }

    private static CurveTrainer trainer() {
        return CurveTrainer.sgd(0.05).momentum(0.9).batchSize(16).epochs(30).seed(7).points(21).progress(false);
    }

    @Test
    void theEndsAreTheSolutionsBitForBitAndTheBendStartsAtTheMidpoint() {
        for (ModeCurve c : new ModeCurve[]{ModeCurve.bezier(A, B), ModeCurve.polygonal(A, B)}) {
            assertArrayEquals(A, c.point(0));
            assertArrayEquals(B, c.point(1));
            assertEquals(0, c.bendOffset(), 1e-15);
            for (double t : new double[]{0.3, 0.8}) { // the untrained curve is the straight line, at the same speed
                double[] line = new double[A.length];
                for (int i = 0; i < A.length; i++) {
                    line[i] = A[i] + t * (B[i] - A[i]);
                }
                assertArrayEquals(line, c.point(t), 1e-12);
            }
        }
        CurveRun run = trainer().train(NET, DATA, ModeCurve.bezier(A, B));
        assertArrayEquals(A, run.curve().start());
        assertArrayEquals(B, run.curve().end());
        assertArrayEquals(A, run.curve().point(0));
        assertArrayEquals(B, run.curve().point(1));
        assertTrue(run.curve().bendOffset() > 0.01, "training moved the bend: " + run.curve());
    }

    @Test
    void lossAlongACurveEqualsDirectEvaluation() {
        double[] bend = NET.permuteHiddenUnits(A, 1, new int[]{1, 0, 2, 3, 4, 5});
        for (ModeCurve c : new ModeCurve[]{ModeCurve.bezier(A, B).withBend(bend), ModeCurve.polygonal(A, B).withBend(bend)}) {
            Axis t = Axis.of("t", 0, 1, 11);
            Curve loss = Slices.along(NET, DATA, c, t, Metric.LOSS);
            for (int k = 0; k < t.points(); k++) {
                double direct = NET.loss(c.point(t.value(k)), DATA); // DL4J's score, not the engine
                assertEquals(direct, loss.value(k), 1e-12 * Math.max(1, direct), c.shape() + " at t = " + t.value(k));
            }
            // the curve lies in the plane through A, B and the bend, at the coordinates inPlane gives
            for (double tv : new double[]{0.1, 0.5, 0.77}) {
                assertArrayEquals(c.inPlane(tv), c.plane().coordinates(c.point(tv)), 1e-9);
                assertEquals(0, c.plane().distance(c.point(tv)), 1e-9 * org.landscape.slice.Directions.norm(A));
            }
        }
    }

    @Test
    void theBendsGradientIsTheWeightTimesTheLossGradient() {
        double[] bend = NET.permuteHiddenUnits(A, 1, new int[]{1, 0, 2, 3, 4, 5});
        org.landscape.model.Risk risk = org.landscape.model.Risk.of(NET, DATA);
        java.util.Random random = new java.util.Random(5);
        double[] v = new double[A.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        for (ModeCurve c : new ModeCurve[]{ModeCurve.bezier(A, B).withBend(bend), ModeCurve.polygonal(A, B).withBend(bend)}) {
            for (double t : new double[]{0.2, 0.5, 0.9}) {
                double[] g = risk.gradient(c.point(t));
                double predicted = c.bendWeight(t) * dot(g, v);
                double h = 1e-6;
                double[] plus = bend.clone(), minus = bend.clone();
                for (int i = 0; i < v.length; i++) {
                    plus[i] += h * v[i];
                    minus[i] -= h * v[i];
                }
                double fd = (risk.value(c.withBend(plus).point(t)) - risk.value(c.withBend(minus).point(t))) / (2 * h);
                assertEquals(fd, predicted, 1e-6 * Math.max(1, Math.abs(fd)), c.shape() + " at t = " + t);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void aTrainedBendLowersTheCurvesMeanLoss() {
        for (ModeCurve.Shape shape : ModeCurve.Shape.values()) {
            CurveRun run = trainer().train(NET, DATA, ModeCurve.between(shape, A, B));
            double line = Stats.mean(run.lineLoss().values()), curve = Stats.mean(run.curveLoss().values());
            assertTrue(run.lineLoss().barrier() > 0.5 * run.lineLoss().value(0), "the permuted copies have a barrier: "
                    + run.lineLoss());
            assertTrue(curve < 0.5 * line, shape + ": mean loss along the curve " + curve + ", along the line " + line);
            assertTrue(run.barrierRatio() < 0.5, run.summary());
            assertEquals(run.lineLoss().value(0), run.curveLoss().value(0), 1e-12);
        }
    }

    @Test
    void sameSeedSameBendAndAnInterruptedRunResumesToTheUninterruptedOne(@TempDir Path dir) {
        ModeCurve straight = ModeCurve.bezier(A, B);
        double[] once = trainer().train(NET, DATA, straight).curve().bend();
        assertArrayEquals(once, trainer().train(NET, DATA, straight).curve().bend(), 0.0);
        assertTrue(trainer().seed(8).train(NET, DATA, straight).curve().bend()[0] != once[0], "another seed, another run");

        Thread.currentThread().interrupt(); // stops it after the first epoch
        CancellationException e = assertThrows(CancellationException.class,
                () -> trainer().progress(true).saveTo(dir.resolve("curve.saved")).train(NET, DATA, straight));
        Thread.interrupted();
        assertTrue(e.getMessage().contains("after 1 of 30 epochs") && e.getMessage().contains("resumes"), e.getMessage());
        CurveRun resumed = trainer().progress(true).saveTo(dir.resolve("curve.saved")).train(NET, DATA, straight);
        assertEquals(1, resumed.resumedEpochs());
        assertArrayEquals(once, resumed.curve().bend(), 0.0);

        // a new kernel: only the file is left, and it holds the finished run
        CurveRun fromFile = trainer().saveTo(dir.resolve("curve.saved")).train(NET, DATA, straight);
        assertEquals(30, fromFile.resumedEpochs());
        assertArrayEquals(once, fromFile.curve().bend(), 0.0);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> CurveTrainer.sgd(0.1).momentum(0.9).batchSize(16).epochs(30).seed(7).progress(false)
                        .saveTo(dir.resolve("curve.saved")).train(NET, DATA, straight));
        assertTrue(foreign.getMessage().contains("learning rate"), foreign.getMessage());
    }

    @Test
    void aDamagedCheckpointIsMovedAsideAndTheRunStartsOver(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curve.saved");
        ModeCurve straight = ModeCurve.bezier(A, B);
        double[] once = trainer().saveTo(file).train(NET, DATA, straight).curve().bend();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        CurveRun again = trainer().saveTo(file).train(NET, DATA, straight);
        assertEquals(0, again.resumedEpochs());
        assertArrayEquals(once, again.curve().bend(), 0.0);
        assertTrue(Files.exists(dir.resolve("curve.saved.corrupt")));
    }

    @Test
    void badInputIsRefusedNamingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModeCurve.bezier(A, A)).getMessage().contains("thetaA equals thetaB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModeCurve.bezier(A, new double[3])).getMessage().contains("thetaB"));
        double[] nan = A.clone();
        nan[2] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModeCurve.polygonal(nan, B)).getMessage().contains("thetaA[2]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModeCurve.bezier(A, B).point(1.5)).getMessage().contains("t must be in [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModeCurve.bezier(A, B).plane()).getMessage().contains("one line"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Slices.along(NET, DATA, ModeCurve.bezier(A, B),
                Axis.of("t", -0.5, 1, 5), Metric.LOSS)).getMessage().contains("[0, 1] only"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CurveTrainer.sgd(0)).getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CurveTrainer.sgd(0.1).points(2)).getMessage().contains("points"));
        Network other = Network.builder(Architecture.of(5, 3, 1)).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer().train(other, DATA, ModeCurve.bezier(A, B)))
                .getMessage().contains("parameters"));
    }
}
