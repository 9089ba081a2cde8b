package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.hessian.EnsembleIndex;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;
import org.landscape.stats.Stats;

/** The study is its ensembles: every figure recomputed here from each width's ensemble trained alone. */
class EnsembleStudyTest {
    private static final Dataset TRAIN = Synthetic.teacher(40, 3, 5, 0.1, 1);
    private static final Dataset TEST = Synthetic.teacher(30, 3, 5, 0.1, 2);
    private static final int[] WIDTHS = {2, 4, 8, 16};

    private static Network.Builder net(int w) {
        return Network.builder(Architecture.of(3, w, 1)).activation(Activation.TANH);
    }

    private static EnsembleTrainer trainer() {
        return EnsembleTrainer.sgd(0.05).batchSize(8).epochs(12).recordEvery(4).progress(false);
    }

    private static EnsembleStudy study(Path dir) {
        EnsembleStudy s = EnsembleStudy.widths(WIDTHS).networks(6).seed(5).network(EnsembleStudyTest::net).trainer(trainer());
        return dir == null ? s : s.saveTo(dir);
    }

    @Test
    void everyFigureIsThatOfTheEnsemblesTrainedAlone() {
        EnsembleStudy study = study(null).run(TRAIN, TEST);
        double[] widths = Arrays.stream(WIDTHS).asDoubleStream().toArray();
        double[] means = new double[WIDTHS.length];
        EnsembleRun[] alone = new EnsembleRun[WIDTHS.length];
        for (int i = 0; i < WIDTHS.length; i++) {
            alone[i] = trainer().test(TEST).train("alone", net(WIDTHS[i]), TRAIN, 6, 5);
            assertArrayEquals(alone[i].finalTestLosses(), study.run(WIDTHS[i]).finalTestLosses(), 0, "width " + WIDTHS[i]);
            assertArrayEquals(alone[i].finalTrainLosses(), study.run(WIDTHS[i]).finalTrainLosses(), 0);
            means[i] = Arrays.stream(alone[i].finalTestLosses()).average().orElseThrow();
        }
        assertArrayEquals(means, study.meanTestLosses(), 1e-15);
        Stats.StretchedExponential fit = study.fit();
        assertEquals(Stats.stretchedExponential(widths, study.meanTestLosses()), fit);
        for (int i = 0; i < WIDTHS.length; i++) {
            double[] test = alone[i].finalTestLosses(), train = alone[i].finalTrainLosses();
            double scale = fit.at(WIDTHS[i]);
            assertEquals(new StandardDeviation().evaluate(test) / scale, study.spreads()[i], 1e-12);
            assertEquals(new StandardDeviation().evaluate(study.scaledTestLosses(WIDTHS[i])), study.spreads()[i], 1e-12);
            Stats.Interval spread = study.spreadIntervals()[i];
            assertEquals(study.spreads()[i], spread.estimate(), 1e-12, "the bootstrap's estimate is the spread");
            assertTrue(spread.lower() > 0 && spread.lower() <= spread.upper(), spread.toString());
            Stats.Interval r = study.correlations()[i];
            assertEquals(new PearsonsCorrelation().correlation(train, test), r.estimate(), 1e-12);
            assertTrue(r.lower() <= r.upper() && r.lower() >= -1 && r.upper() <= 1, r.toString());
            // the rank by test loss of the lowest-train network, by sorting
            int best = 0;
            for (int k = 1; k < train.length; k++) {
                best = train[k] < train[best] ? k : best;
            }
            double[] sorted = test.clone();
            Arrays.sort(sorted);
            assertEquals(Arrays.binarySearch(sorted, test[best]) + 1, study.testRankOfLowestTrain()[i]);
            int[] epochs = alone[i].recordedEpochs();
            int last = epochs.length - 1;
            double[] change = new double[6];
            for (int k = 0; k < 6; k++) {
                double[] l = alone[i].trainLoss(k);
                change[k] = Math.abs(l[last] - l[last - 1]) / l[last - 1];
            }
            assertEquals(Stats.median(change), study.finalChanges()[i], 1e-15);
        }
        assertEquals(4, study.finalInterval());
        assertEquals(WIDTHS.length, study.table().rowCount());
        assertTrue(study.summary().contains("spread of scaled test losses"), study.summary());
    }

    @Test
    void farAboveCountsTukeysFarOutValues() {
        EnsembleStudy study = study(null).run(TRAIN, TEST);
        for (int i = 0; i < WIDTHS.length; i++) {
            double[] v = study.scaledTestLosses(WIDTHS[i]);
            double fence = Stats.quantile(v, 0.75) + 3 * (Stats.quantile(v, 0.75) - Stats.quantile(v, 0.25));
            assertEquals(Arrays.stream(v).filter(x -> x > fence).count(), study.farAbove()[i]);
        }
    }

    @Test
    void aSavedStudyIsReadBackBitForBit(@TempDir Path dir) {
        EnsembleStudy first = study(dir).run(TRAIN, TEST);
        EnsembleStudy again = study(dir).run(TRAIN, TEST);
        for (int w : WIDTHS) {
            assertArrayEquals(first.run(w).finalTestLosses(), again.run(w).finalTestLosses(), 0);
        }
        assertArrayEquals(first.spreads(), again.spreads(), 0);
        assertEquals(first.summary(), again.summary());
    }

    private static EnsembleStudy trained;

    /** One study trained for the tests of its file (a diverging rate would leave nothing to fit). */
    private static synchronized EnsembleStudy trained() {
        if (trained == null) {
            trained = study(null).run(TRAIN, TEST);
        }
        return trained;
    }

    /**
     * Read back, a study gives the same numbers, summary, table and figures; what needs its networks (their
     * parameters are not in the file) is refused naming the file and how to get them back.
     */
    @Test
    void aStudyReadBackRefusesWhatNeedsItsNetworksNamingTheFile(@TempDir Path dir) {
        EnsembleStudy study = trained();
        Path file = dir.resolve("study.csv");
        study.write(file);
        EnsembleStudy back = EnsembleStudy.read(file);
        assertEquals(study.summary(), back.summary());
        assertArrayEquals(study.spreads(), back.spreads(), 0);
        assertArrayEquals(study.finalChanges(), back.finalChanges(), 0);
        assertArrayEquals(study.scaledTestLosses(8), back.scaledTestLosses(8), 0);
        assertEquals(study.fit(), back.fit());
        assertEquals(Arrays.toString(study.correlations()), Arrays.toString(back.correlations()));
        assertEquals(study.finalInterval(), back.finalInterval());
        assertArrayEquals(study.farAbove(), back.farAbove());
        String at = file.toAbsolutePath().toString();
        List<org.junit.jupiter.api.function.Executable> needNetworks = List.of(back::runs, () -> back.run(4),
                () -> back.indices(TRAIN, EnsembleIndex.settings().progress(false), 2), () -> back.run(TRAIN, TEST));
        for (org.junit.jupiter.api.function.Executable call : needNetworks) {
            String m = assertThrows(IllegalStateException.class, call).getMessage();
            assertTrue(m.contains(at) && m.contains("not the networks' parameters") && m.contains("run the study again"), m);
        }
        String m = assertThrows(IllegalStateException.class, () -> back.networks(10)).getMessage();
        assertTrue(m.contains("read from " + at) && m.contains("make a new EnsembleStudy"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> back.scaledTestLosses(3)).getMessage()
                .contains("width 3 is not in the study's"));
    }

    /** A damaged study file is refused naming the file and the line. */
    @Test
    void aDamagedStudyFileIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.csv");
        trained().write(file);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("width,network,diverged,train loss,test loss,test error,train loss one record before");
        assertTrue(header > 0, lines.toString());
        List<String> moved = new ArrayList<>(lines);
        moved.set(header + 3, moved.get(header + 3).replaceFirst("^2,", "4,")); // width 2's network 2 said to be width 4's
        String m = ReadBack.refusal(dir.resolve("damaged.csv"), moved, EnsembleStudy::read);
        assertTrue(m.contains("line " + (header + 4) + ", column 'width': width 4, network 2 where width 2, network 2 "
                + "belongs"), m);
        List<String> epochs = new ArrayList<>(lines);
        int line = ReadBack.replace(epochs, "# width 4 recorded epochs: ", "[0, 8, 4, 12]");
        m = ReadBack.refusal(dir.resolve("damaged.csv"), epochs, EnsembleStudy::read);
        assertTrue(m.contains("line " + line + " ('# width 4 recorded epochs'): the recorded epochs start at 0 and "
                + "increase"), m);
        List<String> curve = new ArrayList<>(lines);
        line = ReadBack.replace(curve, "# width 8 median test loss: ", "[0.5, 0.25, 0.125]");
        m = ReadBack.refusal(dir.resolve("damaged.csv"), curve, EnsembleStudy::read);
        assertTrue(m.contains("line " + line + " ('# width 8 median test loss'): 3 numbers for 4 recorded epochs"), m);
        List<String> widths = new ArrayList<>(lines);
        line = ReadBack.replace(widths, "# widths: ", "[2, 4]");
        m = ReadBack.refusal(dir.resolve("damaged.csv"), widths, EnsembleStudy::read);
        assertTrue(m.contains("line " + line + " ('# widths'): widths must hold at least three"), m);
    }

    /** Read back, the indices of a study answer everything they did: every number is in the file, nothing refuses. */
    @Test
    void indicesReadBackAnswerEverythingTheyDid(@TempDir Path dir) {
        EnsembleStudy.Indices indices = trained().indices(TRAIN, EnsembleIndex.settings().progress(false), 2);
        Path file = dir.resolve("indices.csv");
        indices.write(file);
        EnsembleStudy.Indices back = EnsembleStudy.Indices.read(file);
        assertEquals(indices.summary(), back.summary());
        assertEquals(indices.perWidth().size(), back.perWidth().size());
        for (int w = 0; w < WIDTHS.length; w++) {
            assertEquals(indices.perWidth().get(w).entries(), back.perWidth().get(w).entries(), "width " + WIDTHS[w]);
            assertEquals(indices.perWidth().get(w).summary(), back.perWidth().get(w).summary());
        }
        assertEquals(indices.fractionAtZero(), back.fractionAtZero(), 0);
        assertEquals(indices.smallestEigenvalue(), back.smallestEigenvalue(), 0);
        assertEquals(indices.checked(), back.checked());
    }

    /** A damaged indices file is refused naming the file and the line. */
    @Test
    void aDamagedIndicesFileIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("indices.csv");
        trained().indices(TRAIN, EnsembleIndex.settings().progress(false), 2).write(file);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("width," + String.join(",", EnsembleIndex.columns()));
        assertTrue(header > 0, lines.toString());
        List<String> reordered = new ArrayList<>(lines);
        reordered.set(header + 3, lines.get(header + 5));
        reordered.set(header + 5, lines.get(header + 3)); // a row of width 8 among those of width 4
        String m = ReadBack.refusal(dir.resolve("damaged.csv"), reordered, EnsembleStudy.Indices::read);
        assertTrue(m.contains("line " + (header + 4) + ", column 'width': width 8 where the rows of width 4 belong"), m);
        List<String> limit = new ArrayList<>(lines);
        ReadBack.replace(limit, "# width 4 dense limit: ", "10"); // width 4 has 21 parameters, its rows say dense
        m = ReadBack.refusal(dir.resolve("damaged.csv"), limit, EnsembleStudy.Indices::read);
        assertTrue(m.contains("line " + (header + 4) + ", column 'method': 'dense', but 21 parameters and the dense "
                + "limit 10 give Lanczos"), m);
    }

    @Test
    void indicesAreThoseOfEachWidthsFirstNetworks() {
        EnsembleStudy study = study(null).run(TRAIN, TEST);
        EnsembleIndex.Settings settings = EnsembleIndex.settings().progress(false);
        EnsembleStudy.Indices indices = study.indices(TRAIN, settings, 2);
        assertEquals(WIDTHS.length, indices.perWidth().size());
        assertEquals(2 * WIDTHS.length, indices.checked());
        for (int i = 0; i < WIDTHS.length; i++) {
            EnsembleIndex direct = study.run(WIDTHS[i]).indices(TRAIN, settings, 2);
            assertArrayEquals(direct.indices(), indices.perWidth().get(i).indices());
        }
    }

    @Test
    void badInputIsRefusedNamingTheFix() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> EnsembleStudy.widths(10, 20));
        assertTrue(two.getMessage().contains("at least three"), two.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> EnsembleStudy.widths(10, 30, 20));
        assertTrue(order.getMessage().contains("increasing"), order.getMessage());
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> EnsembleStudy.widths(WIDTHS).run(TRAIN, TEST));
        assertTrue(unset.getMessage().contains("network(w -> builder)"), unset.getMessage());
        IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class, () -> study(null).run(TRAIN, null));
        assertTrue(noTest.getMessage().contains("test set"), noTest.getMessage());
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> study(null).spreads());
        assertTrue(early.getMessage().contains("run(train, test)"), early.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> EnsembleStudy.widths(WIDTHS)
                .networks(1_000_000).network(w -> Network.builder(Architecture.of(3, 4000 * w, 1))).trainer(trainer())
                .run(TRAIN, TEST));
        assertTrue(huge.getMessage().contains("-Xmx") || huge.getMessage().contains("fewer networks"), huge.getMessage());
    }

    @Test
    void indicesAfterFurtherTrainingAreThoseOfTheMembersTrainedAlone() {
        EnsembleRun run = trainer().test(TEST).train("w4", net(4), TRAIN, 3, 5);
        double[] before = run.theta(1);
        EnsembleIndex.Settings settings = EnsembleIndex.settings().progress(false);
        EnsembleIndex after = run.indicesAfter(Trainer.gradientDescent(0.2).steps(50), TRAIN, settings, 2);
        assertArrayEquals(before, run.theta(1), 0, "the member's own parameters are unchanged");
        for (int k = 0; k < 2; k++) {
            Network alone = run.network(k);
            Trainer.gradientDescent(0.2).steps(50).progress(false).train(alone, TRAIN);
            EnsembleIndex direct = settings.of("alone", run.network(), TRAIN, new double[][]{alone.parameters()});
            assertEquals(direct.entry(0).index(), after.entry(k).index());
            assertEquals(direct.entry(0).smallestEigenvalue(), after.entry(k).smallestEigenvalue(), 1e-12);
            assertEquals(direct.entry(0).gradientNorm(), after.entry(k).gradientNorm(), 1e-15);
            assertTrue(after.entry(k).gradientNorm() < run.indices(TRAIN, settings, 2).entry(k).gradientNorm(),
                    "descent lowered |grad|");
        }
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> run.indicesAfter(null, TRAIN, settings, 2));
        assertTrue(none.getMessage().contains("gradientDescent"), none.getMessage());
    }
}
