package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.plot.ReadBack;

/** ScaledSpectra written and read back: every lambda's spectrum comes back; a damaged file is refused by line. */
class ScaledSpectraTest {
    /** H0 PSD, H1 with two negative eigenvalues: the count grows from 0 to 2 with lambda. */
    private static ScaledSpectra scaled() {
        DenseMatrix h0 = DenseMatrix.of(new double[][]{{2, 1, 0, 0}, {1, 2, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 3}});
        DenseMatrix h1 = DenseMatrix.of(new double[][]{{-1, 0.5, 0, 0}, {0.5, 0.25, 0, 0}, {0, 0, -0.5, 0.1},
                {0, 0, 0.1, 1}});
        return ScaledSpectra.of(h0, h1, 100, 0.01, 1, 10).named("a 4 x 4 test");
    }

    /** Nothing of the result is missing after read: every method answers as the original does. */
    @Test
    void readBackGivesEveryLambdasSpectrum(@TempDir Path dir) {
        ScaledSpectra s = scaled();
        Path file = dir.resolve("scaled.csv");
        s.write(file);
        ScaledSpectra back = ScaledSpectra.read(file);
        assertArrayEquals(s.lambdas(), back.lambdas());
        assertArrayEquals(s.smallest(), back.smallest());
        assertArrayEquals(s.negativeCounts(), back.negativeCounts());
        assertEquals(0, back.negativeCounts()[0]);
        assertEquals(2, back.negativeCounts()[3]);
        assertEquals(s.h1Smallest(), back.h1Smallest());
        for (int i = 0; i < s.lambdas().length; i++) {
            assertArrayEquals(s.spectrum(i).eigenvalues(), back.spectrum(i).eigenvalues(), "lambda " + i);
            assertEquals(s.spectrum(i).summary(), back.spectrum(i).summary());
        }
        ReadBack.sameDisplay(s, back);
        assertTrue(back.summary().contains("(a 4 x 4 test)"), back.summary());
    }

    /** A changed number the eigenvalues contradict, an eigenvalue out of order, a bad lambda or size: refused. */
    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) {
        Path file = dir.resolve("scaled.csv"), bad = dir.resolve("bad.csv");
        scaled().write(file);
        int header = ReadBack.line(file, "lambda,smallest eigenvalue,");
        String m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 3, l -> ReadBack.cell(l, 1, "-7.5")),
                ScaledSpectra::read);
        assertTrue(m.contains("line " + (header + 3) + ", column 'smallest eigenvalue': -7.5 but the row's eigenvalues "
                + "give"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 2, l -> ReadBack.cell(l, 3, "3")), ScaledSpectra::read);
        assertTrue(m.contains("line " + (header + 2) + ", column 'eigenvalues below -0.001'"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 8, "-1e9")),
                ScaledSpectra::read);
        assertTrue(m.contains("line " + (header + 1) + ", column 'eigenvalue 2'") && m.contains("ascending order"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 0, "-0.01")),
                ScaledSpectra::read);
        assertTrue(m.contains("line " + (header + 1) + ", column 'lambda'"), m);
        int dimension = ReadBack.line(file, "# dimension: ");
        m = ReadBack.refusal(ReadBack.damaged(file, bad, dimension, l -> "# dimension: 5"), ScaledSpectra::read);
        assertTrue(m.contains("line " + header + ": columns") && m.contains("column 'eigenvalue 5' is missing"), m);
    }
}
