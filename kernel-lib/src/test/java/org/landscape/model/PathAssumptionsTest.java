package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.plot.ReadBack;

/** Path statistics read back from their file: every method answers as before; a damaged file is refused. */
class PathAssumptionsTest {
    private static PathAssumptions stats(boolean deadUnits) {
        Random random = new Random(31);
        int m = 60;
        double[][] x = new double[m][5], a = new double[m][3];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < 5; i++) {
                x[r][i] = i == 4 ? 1 : random.nextGaussian();   // input 4 is constant: not a varying input
            }
            for (int s = 0; s < 3; s++) {
                a[r][s] = deadUnits ? 0 : s == 2 ? 1 : x[r][s] > 0 ? 1 : 0;   // route 2 always on: not varying
            }
        }
        return new PathAssumptions(x, a, 2, 40, 0.9, 3);
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), what + " " + i);
        }
    }

    /** Nothing a method answers needs the examples themselves, so nothing is refused after read: all is the same. */
    @Test
    void readBackAnswersEveryMethodAsBefore(@TempDir Path dir) {
        PathAssumptions stats = stats(false);
        Path file = dir.resolve("stats.csv");
        stats.write(file);
        PathAssumptions back = PathAssumptions.read(file);
        assertEquals(stats.paths(), back.paths());
        assertEquals(30, back.paths());
        assertEquals(stats.informativePaths(), back.informativePaths());
        assertEquals(4 * 2 * 2, back.informativePaths(), "4 varying inputs, 2 varying routes, 2 outputs");
        assertEquals(stats.pathsWithVaryingInput(), back.pathsWithVaryingInput());
        assertEquals(stats.examples(), back.examples());
        assertEquals(stats.pathsPerInput(), back.pathsPerInput());
        assertEquals(stats.sharedInputShare(), back.sharedInputShare(), 0);
        assertEquals(stats.activationRate(), back.activationRate(), 0);
        assertEquals(stats.dependenceThreshold(), back.dependenceThreshold(), 0);
        assertEquals(stats.shuffledRms99(), back.shuffledRms99(), 0);
        assertBits(stats.activationRates(), back.activationRates(), "rates");
        assertBits(stats.pathCorrelations(), back.pathCorrelations(), "correlations");
        assertBits(stats.shuffledPathCorrelations(), back.shuffledPathCorrelations(), "shuffled correlations");
        assertBits(stats.shuffledRms(), back.shuffledRms(), "shuffled RMS");
        assertBits(stats.inputCorrelations(), back.inputCorrelations(), "input correlations");
        assertEquals(4 * 3 / 2, back.inputCorrelations().length);
        // the intervals as records: estimate, ends, level, resamples used and undefined
        assertEquals(stats.pooledCorrelation(), back.pooledCorrelation());
        assertEquals(stats.meanCorrelation(), back.meanCorrelation());
        assertEquals(stats.rmsCorrelation(), back.rmsCorrelation());
        assertEquals(stats.dependentShare(), back.dependentShare());
        assertEquals(stats.inputPairCorrelation(), back.inputPairCorrelation());
        assertEquals(stats.effectiveInputs(), back.effectiveInputs());
        assertEquals(stats.rmsCorrelation().toString(), back.rmsCorrelation().toString());
        assertEquals(0.9, back.effectiveInputs().level(), 0);
        PathSumTest.assertSameTable(stats.table(), back.table());
        assertEquals(stats.summary(), back.summary());
    }

    /** Dead units: no path has a varying activation, A5u is not measured, and the read-back says so the same way. */
    @Test
    void withoutVaryingActivationsTheReadBackRefusesA5uAsTheOriginalDoes(@TempDir Path dir) {
        PathAssumptions stats = stats(true);
        Path file = dir.resolve("dead.csv");
        stats.write(file);
        PathAssumptions back = PathAssumptions.read(file);
        assertEquals(4, back.table().rowCount(), "A1p and three A6u rows");
        PathSumTest.assertSameTable(stats.table(), back.table());
        assertEquals(stats.summary(), back.summary());
        assertTrue(back.summary().contains("not measurable"), back.summary());
        String before = assertThrows(IllegalStateException.class, stats::rmsCorrelation).getMessage();
        assertEquals(before, assertThrows(IllegalStateException.class, back::rmsCorrelation).getMessage());
        assertEquals(0, back.pathCorrelations().length);
        assertEquals(stats.effectiveInputs(), back.effectiveInputs());
    }

    /** {@code lines} written as {@code file}, and its refusal: it names the file and how to get a good one. */
    private static String refusal(Path file, List<String> lines) {
        return ReadBack.refusal(file, lines, PathAssumptions::read, "write the file again with PathAssumptions.write");
    }

    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("stats.csv"), file = dir.resolve("damaged.csv");
        stats(false).write(good);
        List<String> lines = Files.readAllLines(good);

        // a hand-edited activation rate of the table: the rates above give another
        int a1p = ReadBack.index(lines, "A1p,");
        List<String> damaged = new ArrayList<>(lines);
        damaged.set(a1p, lines.get(a1p).replaceFirst("^A1p,mean activation rate rho,[^,]*,", "A1p,mean activation rate rho,0.5,"));
        String m = refusal(file, damaged);
        assertTrue(m.contains("line " + (a1p + 1) + ", column 'estimate'") && m.contains("'0.5' where the samples"), m);

        // one rate lost (the end line changed to match): a correlation's row where the third rate belongs
        int rate = ReadBack.index(lines, ",,,,,,,,activation rate per hidden route,");
        damaged = new ArrayList<>(lines);
        damaged.remove(rate + 2);
        int rows = Integer.parseInt(lines.get(lines.size() - 1).replaceAll("\\D", ""));
        damaged.set(damaged.size() - 1, "# end: " + (rows - 1) + " rows");
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (rate + 3) + ", column 'sample'") && m.contains("value 3 of the 3 of 'activation rate"), m);

        // an interval whose ends are swapped
        int rms = ReadBack.index(lines, "A6u,effective number");
        damaged = new ArrayList<>(lines);
        String[] cells = lines.get(rms).split(",", -1);   // no comma inside this row's cells
        String lower = cells[3];
        cells[3] = cells[4];
        cells[4] = lower;
        damaged.set(rms, String.join(",", cells));
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (rms + 1) + ", column 'lower'") && m.contains("is above its upper end"), m);

        // sizes that do not fit
        int live = ReadBack.index(lines, "# varying inputs:");
        damaged = new ArrayList<>(lines);
        damaged.set(live, "# varying inputs: 6");
        m = refusal(file, damaged);
        assertTrue(m.contains("line " + (live + 1) + " ('# varying inputs')") && m.contains("of the 5 inputs"), m);
    }
}
