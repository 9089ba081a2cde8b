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

    /** A small tanh network trained for a while on two moons: nonzero errors, so H1 matters. */
    private static Network moonsNet(Activation activation) {
        return Network.builder(Architecture.of(2, 5, 2)).activation(activation).loss(Loss.SQUARE).seed(4).build();
    }

    private static final Dataset MOONS = Synthetic.twoMoons(40, 0.1, 2);

    @Test
    void thePcaPlaneOfATrajectory() {
        Network net = moonsNet(Activation.TANH);
        org.landscape.train.TrainingRun run = org.landscape.train.Trainer.gradientDescent(0.3).steps(200).recordEvery(5)
                .train(net, MOONS);
        double[][] points = run.trajectory().matrix();
        double[] ratio = org.landscape.slice.Pca.of(points, 2).explainedVarianceRatio();
        right(Exercises.pcaFraction(points, ratio[0] + ratio[1]));
        wrong(Exercises.pcaFraction(points, ratio[0]), "first component's share alone");
        wrong(Exercises.pcaFraction(points, 0), "not a fraction");
        wrong(Exercises.pcaFraction(points, Double.NaN), "not a fraction");
        // the uncentred share, computed here independently by power iteration on the second-moment matrix
        int n = points[0].length;
        double[][] m = new double[n][n];
        double total = 0;
        for (double[] p : points) {
            for (int i = 0; i < n; i++) {
                total += p[i] * p[i];
                for (int j = 0; j < n; j++) {
                    m[i][j] += p[i] * p[j];
                }
            }
        }
        double[] e = org.landscape.hessian.DenseEigen.all(org.landscape.hessian.DenseMatrix.of(m)).eigenvalues().clone();
        java.util.Arrays.sort(e);
        wrong(Exercises.pcaFraction(points, (e[n - 1] + e[n - 2]) / total), "not centred");
    }

    @Test
    void h0IsPsdAndTheWholeHessianIsNot() {
        Network net = moonsNet(Activation.TANH);
        double[] theta = net.parameters();
        double h0 = min(org.landscape.hessian.DenseEigen.all(org.landscape.hessian.GaussNewton.at(net, MOONS, theta)
                .h0Operator().dense()).eigenvalues());
        double h = min(org.landscape.hessian.DenseEigen.all(org.landscape.hessian.Hessians.dense(
                org.landscape.model.Risk.of(net, MOONS), theta)).eigenvalues());
        assertTrue(h0 > -1e-8 && h < -1e-3, "the test needs an indefinite H: " + h0 + ", " + h);
        right(Exercises.smallestOfH0(net, MOONS, theta, h0));
        wrong(Exercises.smallestOfH0(net, MOONS, theta, h), "whole Hessian");
        wrong(Exercises.smallestOfH0(net, MOONS, theta, -5), "negative value cannot be right");
        wrong(Exercises.smallestOfH0(net, MOONS, theta, 12), "not the smallest eigenvalue of H0");
    }

    @Test
    void theSmallestEigenvalueOfH0PlusLambdaH1GrowsLinearly() {
        Network net = moonsNet(Activation.TANH);
        double[] theta = net.parameters();
        right(Exercises.scalingExponent(net, MOONS, theta, 1));
        wrong(Exercises.scalingExponent(net, MOONS, theta, 2), "not 2.0");
        wrong(Exercises.scalingExponent(net, MOONS, theta, Double.NaN), "not NaN");
    }

    @Test
    void eInfinityOfTheThreeSpinGlass() {
        right(Exercises.eInfinity(2 * Math.sqrt(2.0 / 3)));
        right(Exercises.eInfinity(1.63295)); // to 4 digits
        wrong(Exercises.eInfinity(-1.63299), "the sign");
        wrong(Exercises.eInfinity(1.657), "E_0, the ground state");
        wrong(Exercises.eInfinity(0), "not E_inf(3)");
        assertFalse(Exercises.eInfinity(0).summary().contains("1.63"), "the answer given away");
    }

    @Test
    void aBarrierBetweenPermutedMinima() {
        Network net = moonsNet(Activation.TANH);
        double[] theta = org.landscape.train.Trainer.gradientDescent(0.5).steps(1500).train(net, MOONS).finalParameters();
        right(Exercises.permutedBarrier(net, MOONS, theta, new int[]{4, 3, 2, 1, 0}));
        right(Exercises.permutedBarrier(net, MOONS, theta, new int[]{1, 2, 3, 4, 0}));
        wrong(Exercises.permutedBarrier(net, MOONS, theta, new int[]{0, 1, 2, 3, 4}), "identity");
        wrong(Exercises.permutedBarrier(net, MOONS, theta, new int[]{0, 0, 2, 3, 4}), "not a permutation");
        wrong(Exercises.permutedBarrier(net, MOONS, theta, new int[]{1, 0}), "has 2 entries");
        wrong(Exercises.permutedBarrier(net, MOONS, theta, null), "has no entries");
    }

    @Test
    void rescalingTwoReluLayersKeepsTheFunction() {
        Network net = moonsNet(Activation.RELU);
        // trained, as in the handout: at the initial theta the biases are 0 and forgetting them would pass
        double[] theta = org.landscape.train.Trainer.gradientDescent(0.2).steps(300).train(net, MOONS).finalParameters();
        right(Exercises.rescaled(net, MOONS, theta, net.rescaleLayers(theta, 1, 10)));
        org.landscape.model.ParameterLayout.Layer in = net.layout().layer(0), out = net.layout().layer(1);
        double[] hiddenBiasesForgotten = theta.clone(), outputBiasesDivided = theta.clone();
        for (int i = in.weightOffset; i < in.weightOffset + in.weightCount(); i++) {
            hiddenBiasesForgotten[i] *= 10;
            outputBiasesDivided[i] *= 10;
        }
        for (int i = in.weightOffset + in.weightCount(); i < in.end(); i++) {
            outputBiasesDivided[i] *= 10;
        }
        for (int i = out.weightOffset; i < out.weightOffset + out.weightCount(); i++) {
            hiddenBiasesForgotten[i] /= 10;
            outputBiasesDivided[i] /= 10;
        }
        for (int i = out.weightOffset + out.weightCount(); i < out.end(); i++) {
            outputBiasesDivided[i] /= 10;
        }
        wrong(Exercises.rescaled(net, MOONS, theta, hiddenBiasesForgotten), "outputs changed");
        wrong(Exercises.rescaled(net, MOONS, theta, outputBiasesDivided), "outputs changed");
        right(Exercises.rescaled(net, MOONS, theta, net.rescaleLayers(theta, 1, 0.2)));
        double[] wrongScale = theta.clone();
        for (int i = 0; i < wrongScale.length; i++) {
            wrongScale[i] *= 2;
        }
        wrong(Exercises.rescaled(net, MOONS, theta, wrongScale), "outputs changed");
        wrong(Exercises.rescaled(net, MOONS, theta, theta.clone()), "theta itself");
        wrong(Exercises.rescaled(net, MOONS, theta, new double[3]), "have 3 entries");
    }

    private static double min(double[] a) {
        return java.util.Arrays.stream(a).min().getAsDouble();
    }
}
