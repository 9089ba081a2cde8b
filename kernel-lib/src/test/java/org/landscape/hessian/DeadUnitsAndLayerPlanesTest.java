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
import org.landscape.model.Risk;
import org.landscape.plot.ReadBack;
import org.landscape.slice.Axis;
import org.landscape.slice.Surface;
import org.landscape.slice.LayerPlanes;

class DeadUnitsAndLayerPlanesTest {
    private final Dataset data = Synthetic.teacher(60, 3, 4, 11);

    @Test
    void rankCountsEigenvaluesAboveTheRelativeTolerance() {
        assertEquals(2, DeadUnits.rank(DenseMatrix.diagonal(3, 0, -1e-3, 1e-12)));
    }

    @Test
    void deadUnitsGetTheDeadBiasAndLowerTheReluRank() {
        Network relu = Network.builder(Architecture.of(3, 6, 1)).activation(Activation.RELU).seed(4).build();
        double[] theta = DeadUnits.withDeadUnits(relu, 0.5);
        assertEquals(DeadUnits.DEAD_BIAS, theta[relu.layout().layer(0).bias(2)]);
        assertEquals(DeadUnits.ALIVE_BIAS, theta[relu.layout().layer(0).bias(3)]);
        DeadUnits ranks = DeadUnits.ranks(Architecture.of(3, 6, 1), data, 4, new double[]{0, 0.5, 1},
                Activation.RELU, Activation.LEAKY_RELU);
        assertTrue(ranks.strictlyFalling(0), ranks.summary());
        assertTrue(ranks.higher(1, 0), ranks.summary());
        // all 6 units dead: only the output bias is curved (the loss is a parabola in it)
        assertEquals(1, ranks.ranks(0)[2]);
        assertThrows(IllegalArgumentException.class, () -> DeadUnits.ranks(Architecture.of(3, 6, 1), data, 4,
                new double[]{1.5}, Activation.RELU));
    }

    /** The ranks are the whole result: read back, every method answers as before and nothing is refused. */
    @Test
    void deadUnitsReadBackAnswerEverything(@TempDir Path dir) {
        DeadUnits ranks = DeadUnits.ranks(Architecture.of(3, 6, 1), data, 4, new double[]{0, 0.5, 1},
                Activation.RELU, Activation.LEAKY_RELU);
        Path file = dir.resolve("ranks.csv");
        ranks.write(file);
        DeadUnits back = DeadUnits.read(file);
        assertArrayEquals(ranks.fractions(), back.fractions());
        assertArrayEquals(ranks.ranks(0), back.ranks(0));
        assertArrayEquals(ranks.ranks(1), back.ranks(1));
        assertEquals(31, back.parameters());
        assertTrue(back.strictlyFalling(0) && back.higher(1, 0), back.summary());
        ReadBack.sameDisplay(ranks, back);
    }

    /** An unknown activation, a parameter count the architecture does not have, a rank above it: refused by line. */
    @Test
    void aDamagedDeadUnitsFileIsRefusedNamingTheLine(@TempDir Path dir) {
        Path file = dir.resolve("ranks.csv"), bad = dir.resolve("bad.csv");
        DeadUnits.ranks(Architecture.of(3, 2, 1), data, 4, new double[]{0, 1}, Activation.RELU, Activation.TANH)
                .write(file);
        int activations = ReadBack.line(file, "# activations: ");
        String m = ReadBack.refusal(ReadBack.damaged(file, bad, activations, l -> "# activations: RELU, SIGMOID"),
                DeadUnits::read);
        assertTrue(m.contains("line " + activations + " ") && m.contains("'SIGMOID' is not one of"), m);
        int parameters = ReadBack.line(file, "# parameters: ");
        m = ReadBack.refusal(ReadBack.damaged(file, bad, parameters, l -> "# parameters: 12"), DeadUnits::read);
        assertTrue(m.contains("line " + parameters + " ") && m.contains("has 11"), m);
        int header = ReadBack.line(file, "dead fraction,");
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 2, l -> ReadBack.cell(l, 2, "12")), DeadUnits::read);
        assertTrue(m.contains("line " + (header + 2) + ", column 'rank, tanh': rank 12 of a 11 x 11 Hessian"), m);
        m = ReadBack.refusal(ReadBack.damaged(file, bad, header + 1, l -> ReadBack.cell(l, 0, "1.5")), DeadUnits::read);
        assertTrue(m.contains("line " + (header + 1) + ", column 'dead fraction'"), m);
    }

    @Test
    void strictMaximaOfKnownSurfaces() {
        Axis x = Axis.of("x", -1, 1, 11), y = Axis.of("y", -1, 1, 11);
        assertEquals(1, Surface.evaluate("cap", x, y, (a, b) -> -a * a - b * b).interiorStrictLocalMaxima().size());
        Surface bowl = Surface.evaluate("bowl", x, y, (a, b) -> a * a + b * b);
        assertEquals(0, bowl.interiorStrictLocalMaxima().size());
        assertEquals(4, bowl.strictLocalMaxima().size(), "the corners, higher than their 3 neighbours");
        assertEquals(0, Surface.evaluate("saddle", x, y, (a, b) -> a * a - b * b).interiorStrictLocalMaxima().size());
    }

    @Test
    void planesPassThroughTheGivenPoint() {
        Network net = Network.builder(Architecture.of(3, 4, 4, 1)).activation(Activation.RELU).biases(false).seed(2)
                .build();
        double[] theta = Fixtures.jiggle(net, 0.3, 1);
        LayerPlanes planes = LayerPlanes.at(net, data, theta, 3);
        Risk risk = Risk.of(net, data);
        assertEquals(risk.value(theta), planes.acrossLoss(1, 2, 1, 1), 1e-12);
        Axis one = Axis.of("a", 1, 1.5, 2);
        Surface across = planes.across(0, 2, one, one);
        assertEquals(risk.value(theta), across.value(0, 0), 1e-9);
        double[] zeroW1 = theta.clone();
        java.util.Arrays.fill(zeroW1, 0, 12, 0);
        Surface within = planes.within(0, Axis.of("a", 0, 1, 2), Axis.of("b", 0, 1, 2));
        assertEquals(risk.value(zeroW1), within.value(0, 0), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> planes.across(1, 1, one, one));
        assertThrows(IllegalArgumentException.class, () -> planes.within(3, one, one));
    }
}
