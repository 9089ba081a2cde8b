package org.landscape.hessian;

import org.landscape.model.ParameterLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

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
}
