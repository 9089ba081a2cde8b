package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;

class TrainerTest {
    private final Dataset data = Synthetic.teacher(200, 8, 1);

    private Network net(long seed) {
        return Network.builder(Architecture.of(5, 16, 1)).activation(Activation.TANH).seed(seed).build();
    }

    @Test
    void fullBatchGradientDescentIsTheTextbookUpdate() {
        Network net = net(1);
        double[] theta = net.parameters();
        double[] g = net.gradient(data);
        Trainer.sgd(0.1).batchSize(0).epochs(1).progress(false).train(net, data);
        double[] expected = theta.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] -= 0.1 * g[i];
        }
        assertArrayEquals(expected, net.parameters(), 1e-12);
    }

    @Test
    void trainingLowersTheLossAndTheSameSeedGivesTheSameRun() {
        Dataset.Split split = data.split(0.8, 2);
        TrainingRun a = Trainer.sgd(0.05).momentum(0.9).batchSize(16).epochs(20).seed(5).recordEvery(5).progress(false)
                .test(split.test()).train(net(3), split.train());
        TrainingRun b = Trainer.sgd(0.05).momentum(0.9).batchSize(16).epochs(20).seed(5).recordEvery(5).progress(false)
                .test(split.test()).train(net(3), split.train());
        assertTrue(a.finalTrainLoss() < 0.3 * a.trainLoss()[0], a.summary());
        assertArrayEquals(a.finalParameters(), b.finalParameters(), 0);
        assertEquals(21, a.table().rowCount());
        assertTrue(a.trajectory().size() > 10);
        assertArrayEquals(a.finalParameters(), a.trajectory().last(), 0);
        TrainingRun adam = Trainer.adam(0.01).batchSize(32).epochs(20).seed(5).progress(false).train(net(3), split.train());
        assertTrue(adam.finalTrainLoss() < 0.3 * adam.trainLoss()[0], adam.summary());
    }

    @Test
    void divergenceIsReportedNotThrown() {
        TrainingRun run = Trainer.sgd(1e200).batchSize(0).epochs(50).progress(false).train(net(1), data);
        assertTrue(run.diverged(), run.summary());
        assertNotNull(run.divergence());
        assertTrue(run.summary().contains("DIVERGED"));
    }

    @Test
    void trajectoryIsThinnedToStayBounded() {
        Trajectory t = new Trajectory(1, 10);
        for (long step = 0; step <= 1000; step++) {
            t.offer(step, new double[]{step});
        }
        assertTrue(t.size() < 10, "kept " + t.size());
        assertTrue(t.interval() >= 128);
        for (int i = 1; i < t.size(); i++) {
            assertEquals(t.interval(), t.step(i) - t.step(i - 1), "evenly spaced");
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void ensembleKeepsFinishedRunsReportsDivergenceAndResumes(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        Ensemble.Job job = (index, seed) -> {
            calls.incrementAndGet();
            double rate = index == 2 ? 1e200 : 0.05; // run 2 overflows: its loss becomes infinite
            if (index == 4) {
                throw new IllegalStateException("a broken run");
            }
            return Trainer.sgd(rate).batchSize(0).epochs(5).progress(false).train(net(seed), data);
        };
        org.landscape.util.Fingerprint what = org.landscape.util.Fingerprint.of("test job").add("rates", "0.05, 1e200 for run 2")
                .add("epochs", 5).build();
        Ensemble.Result first = Ensemble.run("test", 6, 0, dir, what, job);
        assertEquals(6, calls.get());
        assertEquals(4, first.finished().size());
        assertTrue(first.outcomes().get(2).problem.startsWith("diverged"), first.outcomes().get(2).problem);
        assertTrue(first.outcomes().get(4).problem.contains("a broken run"));
        Ensemble.Result again = Ensemble.run("test", 8, 0, dir, what, job);
        assertEquals(6 + 2, calls.get(), "only the two new runs are trained");
        assertEquals(6, again.resumed());
        assertArrayEquals(first.outcomes().get(1).parameters(), again.outcomes().get(1).parameters(), 0);
        assertFalse(again.outcomes().get(2).ok());
        assertEquals(8, again.table().rowCount());
    }

    @Test
    void permutingHiddenUnitsKeepsTheFunction() {
        Network net = Network.builder(Architecture.of(5, 6, 4, 1)).seed(8).build();
        double[] theta = net.parameters();
        double[] permuted = net.permuteHiddenUnits(theta, 1, new int[]{3, 0, 5, 1, 4, 2});
        permuted = net.permuteHiddenUnits(permuted, 2, new int[]{2, 3, 1, 0});
        assertTrue(org.landscape.slice.Directions.absCosine(theta, permuted) < 0.999, "a different theta");
        assertEquals(net.loss(theta, data), net.loss(permuted, data), 1e-13);
    }

    @Test
    void gradientDescentTakesTheTextbookStepsAndRecordsTheLossAtEveryStep() {
        Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH).seed(5).build();
        Dataset noisy = Synthetic.teacher(30, 3, 4, 0.1, 6);
        Risk risk = Risk.of(net, noisy);
        double[] theta = net.parameters();
        double first = risk.value(theta);
        TrainingRun run = Trainer.gradientDescent(0.1).steps(50).progress(false).train(net, noisy);
        for (int t = 0; t < 50; t++) {
            double[] g = risk.gradient(theta);
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= 0.1 * g[i];
            }
        }
        assertArrayEquals(theta, run.finalParameters(), 1e-14);
        assertArrayEquals(theta, net.parameters(), 1e-14);
        assertEquals(51, run.trainLoss().length);
        assertEquals(first, run.trainLoss()[0], 1e-14);
        assertEquals(risk.value(theta), run.finalTrainLoss(), 1e-14);
        assertTrue(run.finalTrainLoss() < first, "descent lowers the loss");
        assertEquals(51, run.table().rowCount());
        assertFalse(run.summary().contains("test loss"), "no test set, no test loss: " + run.summary());
    }
}
