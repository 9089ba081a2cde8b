package org.landscape.exercise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * Every check accepts different correct answers, answers the usual wrong ones with their own feedback, takes the
 * handed-out stubs (0, null, NaN) without throwing, and never states the answer.
 */
class ExercisesTest {
    private static void right(Feedback f) {
        assertTrue(f.passed(), f.summary());
        assertTrue(f.summary().startsWith("\u2714 Exercise "), f.summary());
        assertTrue(f.toMimeBundle().toString() != null);
    }

    private static void wrong(Feedback f, String... words) {
        assertFalse(f.passed(), f.summary());
        assertTrue(f.summary().startsWith("\u2718 Exercise ") && !f.hint().isEmpty(), f.summary());
        for (String w : words) {
            assertTrue(f.summary().contains(w), "'" + w + "' missing from: " + f.summary());
        }
    }

    @Test
    void parameterCount() {
        Architecture a = Architecture.of(100, 16, 10);
        right(Exercises.parameterCount(a, 100 * 16 + 16 + 16 * 10 + 10));
        wrong(Exercises.parameterCount(a, 0), "no count yet");
        wrong(Exercises.parameterCount(a, 100 * 16 + 16 * 10), "weights alone");
        wrong(Exercises.parameterCount(a, 1786 + 100), "input layer has no biases");
        Feedback off = Exercises.parameterCount(a, 1700);
        wrong(off, "fewer than n_A");
        assertFalse(off.summary().contains("1786") || off.summary().contains("1,786"), "the answer given away: " + off);
    }

    @Test
    void aLocalMinimumsSpuriousValley() {
        // f' = 4x^3 - 6x + 1: the non-global minimum near 1.1309, the hill between the wells near x = 0.1693
        double x = rootOfTheSlope(1.1), top = rootOfTheSlope(0.2);
        double f = Exercises.twoWells().applyAsDouble(x), hill = Exercises.twoWells().applyAsDouble(top);
        right(Exercises.spuriousValleyOfALocalMinimum(x, f));
        right(Exercises.spuriousValleyOfALocalMinimum(x, hill - 0.01)); // any level below the hill
        wrong(Exercises.spuriousValleyOfALocalMinimum(0, 0), "not a critical point");
        wrong(Exercises.spuriousValleyOfALocalMinimum(top, 0.1), "maximum");
        wrong(Exercises.spuriousValleyOfALocalMinimum(rootOfTheSlope(-1.3), 0), "is the global minimum");
        wrong(Exercises.spuriousValleyOfALocalMinimum(x, f - 0.5), "below f(x)");
        wrong(Exercises.spuriousValleyOfALocalMinimum(x, hill + 0.01), "holds the global minimum");
        wrong(Exercises.spuriousValleyOfALocalMinimum(Double.NaN, Double.NaN), "must be numbers");
    }

    /** Newton's method on f'(x) = 4x^3 - 6x + 1 from x. */
    private static double rootOfTheSlope(double x) {
        for (int i = 0; i < 50; i++) {
            x -= (4 * x * x * x - 6 * x + 1) / (12 * x * x - 6);
        }
        return x;
    }

    @Test
    void aPathThatNeverClimbs() {
        int n = 200;
        double[][] arc = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            double phi = Math.PI * (1 - (double) k / n);
            arc[k] = new double[]{Math.cos(phi), Math.sin(phi)};
        }
        right(Exercises.monotonePath(arc));
        double[][] below = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            below[k] = new double[]{arc[k][0], -arc[k][1]};
        }
        right(Exercises.monotonePath(below)); // the other half of the ring is as good
        double[][] line = new double[n + 1][];
        for (int k = 0; k <= n; k++) {
            line[k] = new double[]{-1 + 2.0 * k / n, 0};
        }
        wrong(Exercises.monotonePath(line), "the loss rises");
        wrong(Exercises.monotonePath(null), "no path yet");
        wrong(Exercises.monotonePath(new double[][]{{-1, 0}, {1, 0}}), "apart");
        wrong(Exercises.monotonePath(new double[][]{{-1, 0}, {-0.99, 0}}), "not at the global minimum");
        wrong(Exercises.monotonePath(new double[][]{{0, 1}, {1, 0}}), "starts at");
        wrong(Exercises.monotonePath(new double[][]{{-1, 0}, null}), "point 1");
    }

    @Test
    void aSpuriousValleyOfOneNeuron() {
        right(Exercises.spuriousValleyOfANeuron(-2.5, -5)); // the left arm: 2.5 max(0, -x - 2)
        right(Exercises.spuriousValleyOfANeuron(-2.2, -4.2));
        wrong(Exercises.spuriousValleyOfANeuron(3, -6), "w = 3.00 > 0");
        wrong(Exercises.spuriousValleyOfANeuron(-0.01, 5), "not below");
        wrong(Exercises.spuriousValleyOfANeuron(0, 0), "w = 0: here the neuron is the constant");
        wrong(Exercises.spuriousValleyOfANeuron(Double.NaN, 0), "must be numbers");
    }

    @Test
    void aPlaneThroughThreeSolutions() {
        double[] t1 = {1, 0, 0, 2}, t2 = {0, 1, 0, 2}, t3 = {0, 0, 1, 2};
        double[] u = {-1, 1, 0, 0}, v = {-1, 0, 1, 0};
        right(Exercises.planeThroughThree(t1, t2, t3, t1, u, v));
        double[] centre = {1 / 3.0, 1 / 3.0, 1 / 3.0, 2}, w = {0, 1, -1, 0}, z = {2, -1, -1, 0};
        right(Exercises.planeThroughThree(t1, t2, t3, centre, w, z)); // another origin, other directions
        wrong(Exercises.planeThroughThree(t1, t2, t3, t1, u, new double[]{-2, 2, 0, 0}), "parallel");
        wrong(Exercises.planeThroughThree(t1, t2, t3, new double[4], u, v), "off your plane");
        wrong(Exercises.planeThroughThree(t1, t2, t3, null, null, null), "origin has no entries");
        wrong(Exercises.planeThroughThree(t1, t2, t3, t1, new double[4], v), "u is zero");
        wrong(Exercises.planeThroughThree(t1, t2, t3, t1, u, new double[]{0, 0, 0, 1}), "theta3 is off");
    }

    @Test
    void aSaddleAndItsIndex() {
        Dataset data = Synthetic.evenly(20, -1, 1, x -> x * x * x + 0.5);
        Network net = Network.builder(Architecture.of(1, 3, 1)).activation(Activation.TANH).loss(Loss.SQUARE).seed(1).build();
        double[] theta = new double[net.parameters().length];
        // all weights 0: every hidden unit outputs tanh(0) = 0; the output bias at mean(y) makes every gradient 0
        double mean = 0;
        for (double y : data.labels().toDoubleVector()) {
            mean += y / data.size();
        }
        theta[theta.length - 1] = mean;
        // each hidden unit's input and output weights couple through cov(x, y) > 0: one negative eigenvalue per unit
        right(Exercises.saddle(net, data, theta, 3));
        wrong(Exercises.saddle(net, data, theta, 1), "its index is not 1");
        wrong(Exercises.saddle(net, data, new double[theta.length], 0), "not a critical point");
        wrong(Exercises.saddle(net, data, null, 0), "theta has no entries");
        double[] nan = theta.clone();
        nan[0] = Double.NaN;
        wrong(Exercises.saddle(net, data, nan, 3), "NaN");
    }
}
