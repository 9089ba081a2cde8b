package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.hessian.EnsembleIndex;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;
import tech.tablesaw.api.Table;

/**
 * An ensemble run read back: every member's seed, losses, errors and divergence come back bit for bit; its network and
 * parameters are not in the file, and what needs them says so naming the file; a damaged file is refused naming its
 * line.
 */
class EnsembleRunTest {
    private static final Dataset TRAIN = EnsembleTrainerTest.classes(64, 5, 3, 1);
    private static final Dataset TEST = EnsembleTrainerTest.classes(32, 5, 3, 2);
    private static final Network.Builder BUILDER = Network.builder(Architecture.of(5, 6, 3)).activation(Activation.RELU);
    /** Four classifiers with a test set, member 2 started far out so that it diverges: every kind of row. */
    private static final EnsembleRun RUN = EnsembleTrainer.sgd(0.05).momentum(0.5).batchSize(16).epochs(4).recordEvery(2)
            .test(TEST).progress(false).init("member 2 scaled by 30", (index, seed) -> {
                double[] theta = BUILDER.seed(seed).build().parameters();
                for (int i = 0; index == 2 && i < theta.length; i++) {
                    theta[i] *= 30;
                }
                return theta;
            }).train("four, one diverged", BUILDER, TRAIN, 4, 20);

    @TempDir
    Path dir;

    @Test
    void readBackKeepsEveryMemberAndRefusesTheNetworkNamingTheFile() {
        assertTrue(RUN.diverged(2), "the case needs a diverged member: " + RUN.summary());
        Path file = dir.resolve("ensemble.csv");
        RUN.write(file);
        EnsembleRun back = EnsembleRun.read(file);
        assertEquals(RUN.networks(), back.networks());
        assertArrayEquals(RUN.recordedEpochs(), back.recordedEpochs());
        for (int k = 0; k < RUN.networks(); k++) {
            assertEquals(RUN.seed(k), back.seed(k));
            assertArrayEquals(RUN.trainLoss(k), back.trainLoss(k), "member " + k);
            assertArrayEquals(RUN.testLoss(k), back.testLoss(k), "member " + k);
            assertArrayEquals(RUN.trainError(k), back.trainError(k), "member " + k);
            assertArrayEquals(RUN.testError(k), back.testError(k), "member " + k);
            assertEquals(RUN.divergence(k), back.divergence(k));
        }
        assertEquals(RUN.width(), back.width());
        assertEquals(RUN.hasTestSet(), back.hasTestSet());
        Table history = RUN.history(), again = back.history();
        assertEquals(history.name(), again.name());
        assertEquals(history.columnNames(), again.columnNames());
        for (int c = 0; c < history.columnCount(); c++) {
            assertEquals(history.column(c).type(), again.column(c).type());
            assertEquals(java.util.Arrays.toString(history.column(c).asObjectArray()),
                    java.util.Arrays.toString(again.column(c).asObjectArray()), history.column(c).name());
        }
        assertArrayEquals(RUN.lossQuantiles(true, 0.5), back.lossQuantiles(true, 0.5));
        assertEquals(EnsembleRun.histograms("final losses", 0, RUN).summary(),
                EnsembleRun.histograms("final losses", 0, back).summary());

        String at = file.toAbsolutePath().toString();
        for (Executable needsTheNetwork : List.<Executable>of(back::network, () -> back.network(0), () -> back.theta(1),
                () -> back.indices(TRAIN), () -> back.indices(TRAIN, EnsembleIndex.settings().progress(false), 1),
                () -> back.indicesAfter(Trainer.gradientDescent(0.1).steps(2), TRAIN, EnsembleIndex.settings(), 1))) {
            String m = assertThrows(IllegalStateException.class, needsTheNetwork).getMessage();
            assertTrue(m.contains(at) && m.contains("train it again") && m.contains("EnsembleTrainer.directory"), m);
        }
        assertThrows(IllegalArgumentException.class, () -> back.theta(4), "a member out of range is still that");
        assertEquals(RUN.theta(1).length, RUN.network().parameterCount(), "the run trained here keeps its parameters");
    }

    /**
     * The refusal of the run's file with one line changed: the line {@code offset} lines after the first that starts
     * with {@code startsWith}; it names the file and that line.
     */
    private String refusal(String startsWith, int offset, UnaryOperator<String> change) {
        return ReadBack.refusalAt(RUN, dir, startsWith, offset, change, EnsembleRun::read, "write the file again");
    }

    @Test
    void aDamagedFileIsRefusedNamingItsLine() {
        // rows: network 0 at epochs 0, 2, 4, then network 1 ...
        String m = refusal("network,", 2, ReadBack.cell(5, "1.5"));
        assertTrue(m.contains("column 'train error'") && m.contains("[0, 1], not 1.5"), m);
        m = refusal("network,", 2, ReadBack.cell(1, "0"));
        assertTrue(m.contains("column 'epoch'") && m.contains("the recorded epochs start at 0 and increase"), m);
        m = refusal("network,", 5, ReadBack.cell(1, "4"));
        assertTrue(m.contains("column 'epoch'") && m.contains("epoch 4 where the recorded epoch 2 belongs"), m);
        m = refusal("network,", 3, ReadBack.cell(2, "99"));
        assertTrue(m.contains("column 'seed'") && m.contains("network 0 has another seed"), m);
        m = refusal("network,", 4, ReadBack.cell(0, "2"));
        assertTrue(m.contains("column 'network'") && m.contains("network 2 where network 1 belongs"), m);
        m = refusal("network,", 1, ReadBack.cell(7, "true"));
        assertTrue(m.contains("column 'diverged'") && m.contains("says how"), m);
        m = refusal("# activation: ", 0, l -> "# activation: SIGMOID");
        assertTrue(m.contains("'SIGMOID' is not one of [RELU, LEAKY_RELU, TANH, LINEAR]"), m);
        m = refusal("# architecture: ", 0, l -> "# architecture: (5-x-3)");
        assertTrue(m.contains("is not an architecture such as (3-4-1)"), m);
        m = refusal("# resumed at epoch: ", 0, l -> "# resumed at epoch: 5");
        assertTrue(m.contains("between 0 and the last recorded epoch, 4"), m);
    }
}
