package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.slice.Surface;
import tech.tablesaw.api.Table;

/** Full-batch descent through the engine, ensembles of one architecture, and Newton convergence of end points. */
class EnsembleTrainTest {
    // Random labels: no exact fit, so the end points are isolated minima with a positive loss.
    private final Dataset data = randomLabels(20, 5);
    private final Network.Builder builder = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.TANH);

    private static Dataset randomLabels(int m, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] x = new double[m][2], y = new double[m][1];
        for (int i = 0; i < m; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            y[i][0] = random.nextGaussian();
        }
        return Dataset.of(m + " points, random labels", x, y);
    }

    @Test
    void gradientDescentStepsAreTheTextbookUpdateThroughTheEngine() {
        Network net = builder.seed(3).build();
        Risk risk = Risk.of(net, data);
        double[] theta = net.parameters();
        for (int k = 0; k < 5; k++) {
            double[] g = risk.gradient(theta);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= 0.05 * g[i];
            }
        }
        TrainingRun run = Trainer.gradientDescent(0.05).steps(5).progress(false).train(net, data);
        assertArrayEquals(theta, net.parameters(), 1e-12);
        assertEquals(risk.value(theta), run.finalTrainLoss(), 1e-12);
        assertEquals(5, run.epochs());
        assertThrows(IllegalArgumentException.class, () -> Trainer.sgd(0.1).batchSize(8).steps(3));
    }

    @Test
    void fifteenHundredFullBatchStepsTakeWellUnderTenSeconds() {
        Network net = Network.builder(Architecture.of(5, 20, 1)).seed(1).build(); // 141 parameters, 200 examples
        long t0 = System.nanoTime();
        Trainer.gradientDescent(0.05).steps(1500).progress(false).train(net, Synthetic.teacher(200, 8, 1));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "1500 full-batch steps took " + seconds + " s");
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aDivergedRunEndsAtItsLastFiniteEpochWithMatchingLoss() {
        Network net = builder.seed(1).build();
        TrainingRun run = Trainer.gradientDescent(1e6).steps(20).progress(false).train(net, data);
        assertTrue(run.diverged(), run.toString());
        assertEquals(Risk.of(net, data).value(run.finalParameters()), run.finalTrainLoss(), 1e-12);
        assertArrayEquals(run.finalParameters(), net.parameters(), 0);
    }

    @Test
    void newtonConvergesAnEndPointToAMinimum() {
        Network net = builder.seed(11).build();
        Trainer.adam(0.02).batchSize(0).epochs(1500).seed(11).progress(false).train(net, data);
        Newton.Point p = Newton.refine(net, data, net.parameters(), 1e-8, 100);
        assertTrue(p.converged(), p.toString());
        double[] g = Risk.of(net, data).gradient(p.theta());
        double norm = Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum());
        assertTrue(norm < 1e-8, "independent |grad| " + norm);
        assertTrue(p.loss() <= Risk.of(net, data).value(net.parameters()));
        assertTrue(p.smallestEigenvalue() > -1e-6, p.toString());
    }

    @Test
    void ensembleOfOneArchitectureGivesSolutionsPlaneAndBarriers() {
        Ensemble.Result r = Ensemble.train("2-3-1", builder, Trainer.adam(0.02).batchSize(0).epochs(1500), data, 3, 10);
        assertEquals(3, r.solutions().length);
        Network check = builder.seed(11).build();
        Trainer.adam(0.02).batchSize(0).epochs(1500).seed(11).progress(false).train(check, data);
        assertArrayEquals(check.parameters(), r.solution(1), 0, "run k is the builder's and trainer's seed firstSeed + k");
        Surface plane = r.plane(9);
        assertEquals(r.finished().get(1).trainLoss, plane.valueAt(1, 0), 1e-10);
        Table barriers = r.barriers(11);
        assertEquals(3, barriers.rowCount());
        assertTrue(r.meanBarrier(11) >= 0);
        // Some end points drift toward infinity (saturated tanh units), where no critical point exists: those are
        // reported as not converged, never counted as minima.
        Ensemble.Result c = r.converged(1e-6, 80);
        assertTrue(c.outcomes().stream().allMatch(o -> o.ok() == o.gradientNorm < 1e-6), c.table().print());
        assertTrue(c.finished().size() >= 2, c.table().print());
        assertTrue(c.table().columnNames().contains("|grad|"));
        assertThrows(IllegalStateException.class, () -> Ensemble.run("bare", 1, null, (i, s) ->
                Trainer.gradientDescent(0.1).steps(2).progress(false).train(builder.seed(s).build(), data)).plane(5));
    }
}
