package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.display.Renderings;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;
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

    /**
     * Read back, a survey answers everything as before (no method needs the network); one without probes still
     * refuses the trace estimates it never had.
     */
    @Test
    void aSurveyReadBackAnswersEverything(@TempDir Path dir) {
        Network noBiases = Network.builder(Architecture.of(3, 5, 4, 1)).activation(Activation.TANH).biases(false)
                .seed(9).build();
        LayerCurvature c = LayerCurvature.survey("tanh, no biases", noBiases, data, 3, 1.0, 4, 6);
        Path file = dir.resolve("survey.csv");
        c.write(file);
        LayerCurvature back = LayerCurvature.read(file);
        assertEquals(c.name(), back.name());
        assertEquals(3, back.points());
        assertEquals(c.blocks(), back.blocks());
        assertArrayEquals(c.traces(), back.traces());
        assertArrayEquals(c.hutchinson(), back.hutchinson());
        assertArrayEquals(c.standardErrors(), back.standardErrors());
        assertArrayEquals(c.hutchPlusPlus(), back.hutchPlusPlus());
        assertEquals(c.worstRatio(), back.worstRatio());
        assertEquals(c.hutchinsonWithin(1), back.hutchinsonWithin(1));
        // the bounds scale with the block sizes and n, which the file's architecture and biases give: a fine sweep
        // of entry errors (5% apart) sees a block size off by one unit's biases (20% or more here)
        assertTrue(c.blocksBelow(1e-12) > 0, "a negative block to count");
        for (double error = 1e-8; error < 1; error *= 1.05) {
            assertEquals(c.blocksBelow(error), back.blocksBelow(error), "entry error " + error);
            assertEquals(c.tracesBelow(error), back.tracesBelow(error), "entry error " + error);
        }
        ReadBack.sameDisplay(c, back); // the trace chart
        ReadBack.sameImage(Renderings.chartImage(LayerCurvature.ratioChart(c)),
                Renderings.chartImage(LayerCurvature.ratioChart(back)));
        LayerCurvature none = LayerCurvature.survey("x", net(Activation.TANH), data, 1, 0.5, 1, 0);
        none.write(file);
        String m = assertThrows(IllegalStateException.class, () -> LayerCurvature.read(file).hutchinsonWithin(3))
                .getMessage();
        assertTrue(m.contains("survey with probes > 0"), m);
    }

    /** Changed probes (so the estimate columns are wrong), a block's smallest above its largest: refused by line. */
    @Test
    void aDamagedSurveyFileIsRefusedNamingTheLine(@TempDir Path dir) {
        Path file = dir.resolve("survey.csv"), bad = dir.resolve("bad.csv");
        LayerCurvature.survey("tanh", net(Activation.TANH), data, 2, 0.5, 1, 4).write(file);
        int header = ReadBack.line(file, "point,");
        int probes = ReadBack.line(file, "# probes: ");
        String m = ReadBack.refusal(ReadBack.damaged(file, bad, probes, l -> "# probes: 0"), LayerCurvature::read);
        assertTrue(m.contains("line " + header + ": columns") && m.contains("column 3 is 'Hutchinson'"), m);
        // columns: point, trace, 3 estimates, then (smallest, largest) for layers 0, 1, 2
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 2, l -> ReadBack.cell(l, 7, "1e9")),
                LayerCurvature::read);
        assertTrue(m.contains("line " + (header + 2) + ", column 'smallest eigenvalue, layer 1'")
                && m.contains("no larger than the largest"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 0, "2")),
                LayerCurvature::read);
        assertTrue(m.contains("line " + (header + 1) + ", column 'point'"), m);
        int architecture = ReadBack.line(file, "# architecture: ");
        m = ReadBack.refusal(ReadBack.damaged(file, bad, architecture, l -> "# architecture: (3-5-1)"),
                LayerCurvature::read);
        assertTrue(m.contains("line " + header + ": columns") && m.contains("is not one of them"), m);
    }
}
