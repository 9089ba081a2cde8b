package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import tech.tablesaw.api.Table;

class LayerCurvatureTest {
    private final Dataset data = Synthetic.teacher(30, 3, 4, 8);

    private Network net(Activation a) {
        return Network.builder(Architecture.of(3, 5, 4, 1)).activation(a).seed(9).build();
    }

    @Test
    void blocksAndTraceComeFromTheDenseHessian() {
        Network tanh = net(Activation.TANH);
        LayerCurvature c = LayerCurvature.survey("tanh", tanh, data, 2, 0.5, 1, 0);
        DenseMatrix h = Hessians.dense(tanh, data, LayerCurvature.randomPoint(tanh, 0.5, 2));
        assertEquals(h.trace(), c.traces()[1], 1e-12 * Math.abs(h.trace()) + 1e-12);
        double worst = Double.POSITIVE_INFINITY;
        for (int l = 0; l < 3; l++) {
            Spectrum s = DenseEigen.all(h.block(tanh.layout().start(l), tanh.layout().end(l)), false);
            worst = Math.min(worst, s.min() / s.max());
        }
        LayerCurvature one = LayerCurvature.survey("tanh", tanh, data, 1, 0.5, 2, 0);
        assertEquals(worst, one.worstRatio(), 1e-12);
        assertEquals(6, c.blocks());
    }

    @Test
    void reluBlocksArePsdAndTanhBlocksNeedNotBe() {
        LayerCurvature relu = LayerCurvature.survey("ReLU", net(Activation.RELU), data, 5, 0.5, 10, 0);
        LayerCurvature tanh = LayerCurvature.survey("tanh", net(Activation.TANH), data, 5, 0.5, 10, 0);
        assertTrue(relu.worstRatio() >= -1e-10, "ReLU worst " + relu.worstRatio());
        assertEquals(0, relu.blocksBelow(1e-10));
        assertTrue(tanh.worstRatio() < -1e-3, "tanh worst " + tanh.worstRatio());
    }

    @Test
    void hutchinsonCoversTheDenseTraceAndTanhTraceCanBeNegative() {
        LayerCurvature tanh = LayerCurvature.survey("tanh", net(Activation.TANH), data, 8, 2.0, 300, 60);
        assertTrue(Arrays.stream(tanh.traces()).anyMatch(t -> t < 0), Arrays.toString(tanh.traces()));
        assertTrue(tanh.hutchinsonWithin(3) >= 7, "within 3 s.e. at " + tanh.hutchinsonWithin(3));
        assertTrue(tanh.tracesBelow(1e-8) >= 1);
        assertEquals(8, tanh.table().rowCount());
        assertThrows(IllegalStateException.class,
                () -> LayerCurvature.survey("x", net(Activation.TANH), data, 1, 0.5, 1, 0).hutchinsonWithin(3));
    }

    @Test
    void recursionAgreesWithTheDenseBlocks() {
        Network relu = net(Activation.RELU);
        Table t = LayerCurvature.recursionVsDense("ReLU", relu, data, LayerCurvature.randomPoint(relu, 0.3, 5));
        assertEquals(3, t.rowCount());
        assertTrue(t.doubleColumn(3).max() < 1e-8, "difference " + t.doubleColumn(3).max());
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> LayerCurvature.survey("x", net(Activation.RELU), data, 0, 0.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LayerCurvature.survey("x", net(Activation.RELU), data, 1, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LayerCurvature.survey("x", net(Activation.RELU), data, 1, 0.5, 1, -1));
    }
}
