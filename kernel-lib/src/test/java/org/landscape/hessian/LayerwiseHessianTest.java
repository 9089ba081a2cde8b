package org.landscape.hessian;

import org.landscape.model.ParameterLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;

/**
 * The backward recursion of pre-activation Hessians against the diagonal blocks of the full finite-difference
 * Hessian (fourth order): equal within 1e-8, for every transfer function, loss, depth, with and without biases.
 * PSD blocks for ReLU (smallest eigenvalue >= -1e-12 |block|) at random parameters, not for tanh.
 */
class LayerwiseHessianTest {

    static Dataset dataFor(Loss loss, int inputs, int outputs, long seed) {
        return Fixtures.data(20, inputs, outputs, loss == Loss.CROSS_ENTROPY ? "one-hot"
                : loss == Loss.LOGISTIC ? "binary" : "real", seed);
    }

    @ParameterizedTest(name = "{0} {1} {2} biases={3}")
    @CsvSource({
            "TANH, SQUARE, 3-5-2, true", "TANH, CROSS_ENTROPY, 3-5-4-3, true", "TANH, LOGISTIC, 3-4-4-2, false",
            "RELU, SQUARE, 3-6-5-4-2, true", "RELU, CROSS_ENTROPY, 3-5-3, true", "RELU, SQUARE, 3-5-4-1, false",
            "LEAKY_RELU, SQUARE, 3-5-4-2, true", "LEAKY_RELU, LOGISTIC, 3-5-1, true", "LINEAR, SQUARE, 3-4-4-2, true"})
    void recursionEqualsTheFullHessiansBlocks(Activation activation, Loss loss, String widths, boolean biases) {
        int[] d = java.util.Arrays.stream(widths.split("-")).mapToInt(Integer::parseInt).toArray();
        Network net = Network.builder(Architecture.of(d)).activation(activation).loss(loss).biases(biases).seed(31)
                .build();
        Fixtures.jiggle(net, 0.3, 32);
        Dataset data = dataFor(loss, d[0], d[d.length - 1], 33);
        DenseMatrix full = Hessians.dense(net, data);
        LayerwiseHessian blocks = LayerwiseHessian.of(net, data);
        assertEquals(d.length - 1, blocks.layers());
        double trace = 0;
        for (int l = 0; l < blocks.layers(); l++) {
            ParameterLayout p = blocks.layout();
            double err = full.block(p.start(l), p.end(l)).maxAbsDifference(blocks.block(l));
            assertTrue(err <= 1e-8, "layer " + l + ": |recursion - full block| = " + err);
            trace += blocks.block(l).trace();
        }
        assertEquals(full.trace(), trace, 1e-8, "the blocks' traces add up to tr(H)");
        assertEquals(trace, blocks.trace(), 1e-12);
    }

    @Test
    void reluBlocksArePositiveSemidefiniteAndTanhBlocksNeedNotBe() {
        double worstRelu = Double.POSITIVE_INFINITY, worstTanh = Double.POSITIVE_INFINITY;
        for (int trial = 0; trial < 10; trial++) {
            for (Activation a : new Activation[]{Activation.RELU, Activation.TANH}) {
                Network net = Network.builder(Architecture.of(3, 6, 5, 2)).activation(a).seed(40 + trial).build();
                Fixtures.jiggle(net, 1.0, 50 + trial);
                LayerwiseHessian blocks = LayerwiseHessian.of(net, dataFor(Loss.SQUARE, 3, 2, 60 + trial));
                for (int l = 0; l < blocks.layers(); l++) {
                    double relative = blocks.spectrum(l).min() / Math.max(blocks.spectrum(l).max(), 1e-300);
                    if (a == Activation.RELU) {
                        worstRelu = Math.min(worstRelu, relative);
                    } else {
                        worstTanh = Math.min(worstTanh, relative);
                    }
                }
            }
        }
        assertTrue(worstRelu >= -1e-12, "ReLU: smallest eigenvalue / largest = " + worstRelu);
        assertTrue(worstTanh < -1e-3, "tanh: smallest eigenvalue / largest = " + worstTanh);
    }

    @Test
    void layoutMatchesDl4jsParameterOrder() {
        Network net = Network.builder(Architecture.of(2, 3, 1)).seed(3).build();
        ParameterLayout p = ParameterLayout.of(net);
        assertEquals(9 + 4, p.size());
        assertEquals(0, p.layer(0).weight(0, 0));
        assertEquals(1 + 2 * 2, p.layer(0).weight(2, 1)); // column-major: input + nIn * unit
        assertEquals(6 + 2, p.layer(0).bias(2));
        assertEquals(9 + 2, p.layer(1).weight(0, 2));
        assertEquals(12, p.layer(1).bias(0));
        assertEquals(9, p.start(1));
        assertEquals(13, p.end(1));
    }

    /** Read back: the spectra, traces and layout come back exactly; the blocks, not in the file, are refused. */
    @Test
    void readBackGivesSpectraAndTracesAndRefusesTheBlocks(@TempDir Path dir) {
        Network net = Network.builder(Architecture.of(3, 4, 3, 2)).activation(Activation.TANH).biases(false).seed(5)
                .build();
        Fixtures.jiggle(net, 0.3, 6);
        LayerwiseHessian h = LayerwiseHessian.of(net, dataFor(Loss.SQUARE, 3, 2, 7));
        Path file = dir.resolve("blocks.csv");
        h.write(file);
        LayerwiseHessian back = LayerwiseHessian.read(file);
        assertEquals(3, back.layers());
        for (int l = 0; l < 3; l++) {
            assertEquals(h.layout().start(l), back.layout().start(l), "layer " + l + " (no biases)");
            assertEquals(h.layout().end(l), back.layout().end(l), "layer " + l + " (no biases)");
            assertArrayEquals(h.spectrum(l).eigenvalues(), back.spectrum(l).eigenvalues(), "layer " + l);
            assertEquals(h.spectrum(l).summary(), back.spectrum(l).summary());
        }
        assertArrayEquals(h.traces(), back.traces());
        assertEquals(h.trace(), back.trace());
        ReadBack.sameDisplay(h, back);
        assertEquals(h.block(1).trace(), h.traces()[1]); // the original has its blocks
        String m = assertThrows(IllegalStateException.class, () -> back.block(1)).getMessage();
        assertTrue(m.contains(file.toAbsolutePath().toString()) && m.contains("layer 1's block")
                && m.contains("LayerwiseHessian.of(net, data)"), m);
    }

    /** A file whose architecture, eigenvalues or traces were changed is refused naming the line. */
    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) {
        Network net = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.RELU).seed(3).build();
        Path file = dir.resolve("blocks.csv"), bad = dir.resolve("bad.csv");
        LayerwiseHessian.of(net, dataFor(Loss.SQUARE, 2, 1, 4)).write(file);
        int architecture = ReadBack.line(file, "# architecture: ");
        String m = ReadBack.refusal(ReadBack.damaged(file, bad, architecture, l -> "# architecture: 2-4-1"),
                LayerwiseHessian::read);
        assertTrue(m.contains("line " + architecture + " ") && m.contains("have 17 eigenvalues in all, the file has 13 "
                + "rows"), m);
        int header = ReadBack.line(file, "layer,rank,eigenvalue");
        String m2 = ReadBack.refusal(ReadBack.damaged(file, bad, header + 2, l -> ReadBack.cell(l, 2, "-1e9")),
                LayerwiseHessian::read);
        assertTrue(m2.contains("line " + (header + 2) + ", column 'eigenvalue'") && m2.contains("ascending order"), m2);
        String m3 = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 1, "2")),
                LayerwiseHessian::read);
        assertTrue(m3.contains("line " + (header + 1) + ", column 'rank'"), m3);
        int trace = ReadBack.line(file, "# layer 1 trace: ");
        String m4 = ReadBack.refusal(ReadBack.damaged(file, bad, trace, l -> "# layer 1 trace: "),
                LayerwiseHessian::read);
        assertTrue(m4.contains("line " + trace + " ") && m4.contains("is not a number"), m4);
    }
}
