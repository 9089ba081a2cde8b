package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

class RankRaisingPathTest {

    private static Dataset randomLabels(int m, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[m][3], y = new double[m][1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i][0] = r.nextGaussian();
        }
        return Dataset.of("random", x, y);
    }

    @Test
    void fromARankOneStartThePathNeverClimbsAndEndsAtAnExactFit() {
        for (Activation activation : new Activation[]{Activation.TANH, Activation.RELU}) {
            Dataset data = randomLabels(6, 3);
            Network net = Network.builder(Architecture.of(3, 8, 1)).activation(activation).seed(4).build();
            double[] theta = net.parameters();
            var in = net.layout().layer(0);
            for (int j = 1; j < 8; j++) { // every unit a copy of unit 0: rank(V) = 1
                for (int i = 0; i < 3; i++) {
                    theta[in.weight(j, i)] = theta[in.weight(0, i)];
                }
                theta[in.bias(j)] = theta[in.bias(0)];
            }
            RankRaisingPath path = RankRaisingPath.from(net, data, theta, 10, 1);
            assertEquals(1, path.ranks()[0]);
            assertEquals(6, path.ranks()[path.ranks().length - 1]);
            assertTrue(path.largestIncrease() <= 1e-12, activation + ": largest increase " + path.largestIncrease());
            assertTrue(net.loss(path.end(), data) < 1e-20, activation + ": end loss " + net.loss(path.end(), data));
            // Every Case 2 segment leaves the loss unchanged: the outputs on the data do not move.
            double start = path.loss().value(0);
            for (int k = 0; k < path.segmentStarts().get(path.segmentStarts().size() - 1); k++) {
                assertEquals(start, path.loss().value(k), 1e-12 * Math.max(1, start));
            }
        }
    }

    @Test
    void refusesNetworksTheTheoremDoesNotCover() {
        Dataset data = randomLabels(6, 3);
        Network small = Network.builder(Architecture.of(3, 4, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankRaisingPath.from(small, data, small.parameters(), 5, 1));
        assertTrue(e.getMessage().contains("m <= d1"), e.getMessage());
        Network deep = Network.builder(Architecture.of(3, 8, 8, 1)).build();
        e = assertThrows(IllegalArgumentException.class, () -> RankRaisingPath.from(deep, data, deep.parameters(), 5, 1));
        assertTrue(e.getMessage().contains("shallow"), e.getMessage());
    }

    @Test
    void basinWidthShrinksTenfoldWhenTheMinimumIsTenTimesSteeper() {
        // A linear model at its exact least-squares minimum: the loss rises as t^2 d'Ad along d. Labels times 10 move
        // the minimum to 10 theta*, so filter-normalised directions are 10 times longer and the width is 10 times smaller.
        Dataset data = Synthetic.teacher(80, 4, 2);
        Network net = Network.builder(Architecture.of(5, 1)).activation(Activation.LINEAR).build();
        double[][] x = data.features().toDoubleMatrix();
        double[] y = data.labels().getColumn(0).toDoubleVector();
        double[][] design = new double[x.length][6];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, design[i], 0, 5);
            design[i][5] = 1;
        }
        var solver = new org.apache.commons.math3.linear.QRDecomposition(
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(design)).getSolver();
        double[] theta = solver.solve(org.apache.commons.math3.linear.MatrixUtils.createRealVector(y)).toArray();
        double[] steepTheta = theta.clone();
        double[][] steepY = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            steepY[i][0] = 10 * y[i];
        }
        for (int k = 0; k < 6; k++) {
            steepTheta[k] *= 10;
        }
        Dataset steep = new Dataset("steep", data.features(), org.nd4j.linalg.factory.Nd4j.createFromArray(steepY));
        double flat = Slices.basinWidth(net, data, theta, 3, 0.01, 4, 1);
        double sharp = Slices.basinWidth(net, steep, steepTheta, 3, 0.01, 4, 1);
        assertTrue(flat < 4, "the flat width is inside the search range: " + flat);
        assertEquals(10, flat / sharp, 1.0, flat + " vs " + sharp);
    }
}
