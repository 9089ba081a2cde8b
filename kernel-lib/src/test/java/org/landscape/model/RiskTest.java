package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.nd4j.linalg.factory.Nd4j;

/** Risk against DL4J's own loss and gradient, for every activation, loss and bias setting. */
class RiskTest {
    @Test
    void valueAndGradientMatchDl4jEverywhere() {
        // 300 examples: two blocks, the second partly filled, so block tails and chunk sums are exercised.
        int m = 300;
        Dataset inputs = Synthetic.teacher(m, 6, 3, 2);
        for (boolean biases : new boolean[]{true, false}) {
            for (Activation activation : Activation.values()) {
                for (Loss loss : Loss.values()) {
                    Network net = Network.builder(Architecture.of(6, 9, 5, 3)).activation(activation).loss(loss)
                            .biases(biases).seed(4).build();
                    Dataset data = new Dataset("labels for " + loss, inputs.features(), Nd4j.createFromArray(Labels.forLoss(m, loss)));
                    double[] theta = net.parameters();
                    Random random = new Random(1);
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] += 0.3 * random.nextGaussian(); // away from DL4J's initial scale
                    }
                    Risk risk = Risk.of(net, data);
                    String what = activation + " " + loss + (biases ? "" : " without biases");
                    double expected = Dl4jReference.loss(net, theta, data);
                    assertEquals(expected, risk.value(theta), 1e-12 * Math.max(1, expected), what);
                    double[] g = Dl4jReference.gradient(net, theta, data);
                    double[] got = risk.gradient(theta);
                    double scale = 0;
                    for (double v : g) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(g[i], got[i], 1e-12 * Math.max(scale, 1e-3), what + ", entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void sameThetaGivesTheSameNumbersAndTheNetworkIsLeftAlone() {
        Network net = Network.builder(Architecture.of(5, 20, 1)).activation(Activation.TANH).seed(1).build();
        Dataset data = Synthetic.teacher(1000, 5, 3, 1);
        double[] before = net.parameters();
        double[] theta = before.clone();
        theta[0] += 1;
        Risk risk = Risk.of(net, data);
        assertArrayEquals(risk.gradient(theta), risk.gradient(theta), 0.0);
        assertArrayEquals(before, net.parameters(), 0.0);
    }

    @Test
    void aMinibatchOfRowsIsTheRiskOfThoseRows() {
        Network net = Network.builder(Architecture.of(5, 7, 2)).activation(Activation.TANH).loss(Loss.SQUARE).seed(2)
                .build();
        Dataset data = Synthetic.teacher(400, 5, 3, 6);
        Dataset two = new Dataset("two outputs", data.features(), Nd4j.hstack(data.labels(), data.labels().mul(-1)));
        int[] rows = {399, 3, 3, 150, 0, 271, 42};
        double[] theta = net.parameters();
        Risk batch = Risk.of(net, two).rows(rows);
        Risk direct = Risk.of(net, two.rows("the same rows", rows));
        double[] g = new double[theta.length];
        assertEquals(direct.value(theta), batch.valueAndGradient(theta, g), 1e-15);
        assertArrayEquals(direct.gradient(theta), g, 1e-15);
        assertArrayEquals(Dl4jReference.gradient(net, theta, batch.data()), g, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Risk.of(net, two).rows(new int[]{400}));
    }

    @Test
    void badInputIsRefusedWithTheParameterNamed() {
        Network net = Network.builder(Architecture.of(5, 4, 1)).seed(1).build();
        Dataset data = Synthetic.teacher(10, 5, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Risk.of(net, data).gradient(new double[3]));
        assertTrue(e.getMessage().contains("theta has 3 entries"), e.getMessage());
        Dataset wide = Synthetic.teacher(10, 7, 3, 1);
        e = assertThrows(IllegalArgumentException.class, () -> Risk.of(net, wide));
        assertTrue(e.getMessage().contains("7 inputs"), e.getMessage());
    }
}
