package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;
import org.landscape.train.Trainer;

class RescaledHessiansTest {
    private final Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH).seed(2).build();
    private final Dataset data = Synthetic.teacher(40, 3, 6, 0.3, 3);

    @Test
    void measuredHessiansOfRescaledSamplesAreH0PlusLambdaH1() {
        double[] theta = Trainer.gradientDescent(0.1).steps(300).progress(false).train(net, data).finalParameters();
        GaussNewton split = GaussNewton.at(net, data, theta);
        DenseMatrix h0 = split.h0(), h1 = split.h1();
        double[] lambdas = {1e-3, 1, 1000};
        RescaledHessians r = RescaledHessians.of(split, h0, h1, 1000, 1e-3, 1);
        assertArrayEquals(lambdas, r.lambdas(), 0);
        assertTrue(r.maxRelativeDifference() < 1e-6, "difference " + r.maxRelativeDifference());
        // independent: the spectrum of the measured matrix against the combination's
        assertEquals(DenseEigen.all(h0.combine(1, h1, 1000), false).min(), r.smallest()[2], 1e-6 * h1.maxAbs() * 1000);
        assertEquals(DenseEigen.all(h1, false).min(), r.h1Smallest(), 0);
        assertEquals(0, r.negativeCounts()[0], "H0 is PSD, so a tiny lambda leaves no eigenvalue below -0.001");
        assertTrue(r.countsNonDecreasing());
        assertEquals(3, r.table().rowCount());
    }

    @Test
    void refusesMismatchedMatricesAndBadLambdas() {
        GaussNewton split = GaussNewton.at(net, data);
        DenseMatrix small = DenseMatrix.identity(2);
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, small, small, 1, 2));
        DenseMatrix id = DenseMatrix.identity(split.dimension());
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, id, id, 1));
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, id, id, 0, 1));
    }

    /** Read back, every measured spectrum and the comparison come back, so every method answers as before. */
    @Test
    void aMeasurementReadBackAnswersEverything(@TempDir Path dir) {
        GaussNewton split = GaussNewton.at(net, data);
        RescaledHessians r = RescaledHessians.of(split, split.h0(), split.h1(), 0.01, 1, 100);
        Path file = dir.resolve("rescaled.csv");
        r.write(file);
        RescaledHessians back = RescaledHessians.read(file);
        assertArrayEquals(r.lambdas(), back.lambdas());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(r.spectrum(i).eigenvalues(), back.spectrum(i).eigenvalues(), "lambda " + i);
            assertEquals(r.spectrum(i).summary(), back.spectrum(i).summary());
        }
        assertArrayEquals(r.negativeCounts(), back.negativeCounts());
        assertArrayEquals(r.smallest(), back.smallest());
        assertEquals(r.h1Smallest(), back.h1Smallest());
        assertEquals(r.linearityError(), back.linearityError());
        assertEquals(r.maxRelativeDifference(), back.maxRelativeDifference());
        assertEquals(r.countsNonDecreasing(), back.countsNonDecreasing());
        ReadBack.sameDisplay(r, back);
    }

    /** A count its eigenvalues contradict, a lambda out of order, an impossible predicted count: refused by line. */
    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) {
        GaussNewton split = GaussNewton.at(net, data);
        Path file = dir.resolve("rescaled.csv"), bad = dir.resolve("bad.csv");
        RescaledHessians.of(split, split.h0(), split.h1(), 0.01, 1, 100).write(file);
        int header = ReadBack.line(file, "λ,");
        String m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 3, l -> ReadBack.cell(l, 3, "21")),
                RescaledHessians::read);
        assertTrue(m.contains("line " + (header + 3) + ", column 'below -0.001 (measured)': 21 but the row's "
                + "eigenvalues give"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 2, l -> ReadBack.cell(l, 0, "1000")),
                RescaledHessians::read);
        assertTrue(m.contains("line " + (header + 3) + ", column 'λ'") && m.contains("ascending"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 4, "22")),
                RescaledHessians::read);
        assertTrue(m.contains("line " + (header + 1) + ", column 'below -0.001 (H0 + λH1)'"), m);
    }
}
