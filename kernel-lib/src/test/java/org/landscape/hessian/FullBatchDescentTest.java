package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;

class FullBatchDescentTest {
    private final Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH).seed(5).build();
    private final Dataset data = Synthetic.teacher(30, 3, 4, 0.1, 6);

    @Test
    void takesTheSameStepsAsTheTextbookLoopAndRecordsTheLoss() {
        FullBatchDescent run = FullBatchDescent.run(net, data, 0.1, 50);
        Risk risk = Risk.of(net, data);
        double[] theta = net.parameters();
        double first = risk.value(theta);
        for (int t = 0; t < 50; t++) {
            Vectors.axpy(-0.1, risk.gradient(theta), theta);
        }
        assertArrayEquals(theta, run.theta(), 1e-14);
        assertEquals(risk.value(theta), run.loss(), 1e-14);
        assertEquals(first, run.losses()[0], 1e-14);
        assertEquals(50, run.steps()[run.steps().length - 1]);
        assertTrue(run.loss() < first, "descent lowers the loss");
        assertEquals(Vectors.norm(risk.gradient(theta)), run.gradientNorm(), 1e-14);
        assertEquals(run.steps().length, run.table().rowCount());
    }

    @Test
    void leavesTheNetworkAlone() {
        double[] before = net.parameters();
        FullBatchDescent.run(net, data, 0.1, 5);
        assertArrayEquals(before, net.parameters(), 0);
    }

    @Test
    void refusesBadRatesAndStepsBeforeWorking() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FullBatchDescent.run(net, data, 0, 5))
                .getMessage().contains("rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FullBatchDescent.run(net, data, 0.1, -1))
                .getMessage().contains("steps"));
    }

    @Test
    void noisyTeacherAddsNoiseOfTheGivenSize() {
        Dataset clean = Synthetic.teacher(4000, 3, 4, 6), noisy = Synthetic.teacher(4000, 3, 4, 0.3, 6);
        double[][] a = clean.labels().toDoubleMatrix(), b = noisy.labels().toDoubleMatrix();
        double sum = 0, sumSq = 0;
        for (int i = 0; i < a.length; i++) {
            double d = b[i][0] - a[i][0];
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / a.length, std = Math.sqrt(sumSq / a.length - mean * mean);
        assertEquals(0.3, std, 0.02);
        assertEquals(0, mean, 0.02);
        assertArrayEquals(clean.features().toDoubleMatrix()[7], noisy.features().toDoubleMatrix()[7], 0);
        assertArrayEquals(a[0], Synthetic.teacher(4000, 3, 4, 0.0, 6).labels().toDoubleMatrix()[0], 0);
        assertThrows(IllegalArgumentException.class, () -> Synthetic.teacher(10, 3, 4, -1, 6));
    }
}
