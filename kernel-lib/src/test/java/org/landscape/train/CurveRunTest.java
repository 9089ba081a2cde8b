package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;
import org.landscape.slice.ModeCurve;

/**
 * A curve run read back: the values along both paths and the history come back bit for bit; the trained bend is not
 * in the file and {@link CurveRun#curve()} says so, naming it; a damaged file is refused naming its line.
 */
class CurveRunTest {
    private static final Dataset TRAIN = EnsembleTrainerTest.classes(60, 4, 3, 1);
    private static final Dataset TEST = EnsembleTrainerTest.classes(30, 4, 3, 2);
    /** A classifier with a test set: every column a curve run's file can have. */
    private static final CurveRun RUN = CurveTrainer.sgd(0.05).batchSize(16).epochs(4).points(7).progress(false)
            .test(TEST).train(net(1), TRAIN, ModeCurve.polygonal(net(1).parameters(), net(2).parameters()));

    @TempDir
    Path dir;

    private static Network net(long seed) {
        return Network.builder(Architecture.of(4, 5, 3)).seed(seed).build();
    }

    @Test
    void readBackKeepsTheValuesAndRefusesTheBendNamingTheFile() {
        Path file = dir.resolve("curve.csv");
        RUN.write(file);
        CurveRun back = CurveRun.read(file);
        assertArrayEquals(RUN.history(), back.history());
        assertArrayEquals(RUN.lineLoss().values(), back.lineLoss().values());
        assertArrayEquals(RUN.curveAccuracy().values(), back.curveAccuracy().values());
        assertEquals(RUN.curveAccuracy().quantity(), back.curveAccuracy().quantity());
        assertArrayEquals(RUN.lineLoss().axis().values(), back.lineLoss().axis().values());
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(RUN.testCurve(k).values(), back.testCurve(k).values(), "test curve " + k);
        }
        assertEquals(Double.doubleToLongBits(RUN.barrierRatio()), Double.doubleToLongBits(back.barrierRatio()));
        assertEquals(RUN.seconds(), back.seconds(), 0);
        assertEquals(RUN.resumedEpochs(), back.resumedEpochs());
        assertEquals(RUN.divergence(), back.divergence());
        assertTrue(back.historyChart().getSeriesMap().size() == 1);
        String m = assertThrows(IllegalStateException.class, back::curve).getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()) && m.contains("train it again")
                && m.contains("CurveTrainer.saveTo"), m);
        assertTrue(RUN.curve().bendOffset() >= 0, "the run trained here still has its curve");
    }

    /**
     * The refusal of the run's file with one line changed: the line {@code offset} lines after the first that starts
     * with {@code startsWith}; it names the file and that line.
     */
    private String refusal(String startsWith, int offset, UnaryOperator<String> change) {
        return ReadBack.refusalAt(RUN, dir, startsWith, offset, change, CurveRun::read, "write the file again");
    }

    @Test
    void aDamagedFileIsRefusedNamingItsLine() {
        String m = refusal("# history: ", 0, l -> l.replaceFirst(" (\\S+)$", " 0.1x"));
        assertTrue(m.contains("entry 4, '0.1x', is not a number"), m);
        m = refusal("# resumed epochs: ", 0, l -> "# resumed epochs: 9");
        assertTrue(m.contains("between 0 and the 4 epochs"), m);
        // the third row: its t, then an accuracy of 1.5 in the column 'line accuracy' (the sixth)
        m = refusal("t,", 3, ReadBack.cell(5, "1.5"));
        assertTrue(m.contains("column 'line accuracy'") && m.contains("[0, 1], not 1.5"), m);
        m = refusal("t,", 2, l -> "0.2" + l.substring(l.indexOf(',')));
        assertTrue(m.contains("column 't'") && m.contains("is not point 1 of the axis"), m);
    }
}
