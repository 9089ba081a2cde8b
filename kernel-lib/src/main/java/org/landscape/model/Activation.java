package org.landscape.model;

import org.landscape.model.internal.DenseKernels;

/**
 * The activation functions of the book's experiments, with their DL4J counterparts, and their maths in one place:
 * sigma, sigma' and sigma'' (the engine, {@link Risk}, and the Hessian code read them from here). The derivatives
 * are also given as functions of the value a = sigma(h), which is what a backward pass has stored.
 */
public enum Activation {
    RELU(org.nd4j.linalg.activations.Activation.RELU),
    LEAKY_RELU(org.nd4j.linalg.activations.Activation.LEAKYRELU),
    TANH(org.nd4j.linalg.activations.Activation.TANH),
    LINEAR(org.nd4j.linalg.activations.Activation.IDENTITY);

    /** DL4J's leaky ReLU slope for negative inputs: sigma(h) = max(h, 0.01 h). */
    public static final double LEAKY_SLOPE = 0.01;
    /**
     * The slope of its derivative: DL4J takes it through a float (0.01f = 0.0099999998), so gradients use this to
     * agree with the network's own to rounding.
     */
    public static final double LEAKY_SLOPE_DERIVATIVE = (float) LEAKY_SLOPE;

    private final org.nd4j.linalg.activations.Activation dl4j;

    Activation(org.nd4j.linalg.activations.Activation dl4j) {
        this.dl4j = dl4j;
    }

    public org.nd4j.linalg.activations.Activation dl4j() {
        return dl4j;
    }

    /** sigma(h). */
    public double apply(double h) {
        switch (this) {
            case RELU:
                return Math.max(0, h);
            case LEAKY_RELU:
                return Math.max(h, LEAKY_SLOPE * h);
            case TANH:
                return Math.tanh(h);
            default:
                return h;
        }
    }

    /** sigma'(h); at the kink of the (leaky) ReLU the left derivative, as DL4J. */
    public double derivative(double h) {
        return derivativeAtValue(apply(h));
    }

    /** sigma''(h): 0 for the piecewise-linear functions (away from their kink), -2 tanh (1 - tanh^2) for tanh. */
    public double secondDerivative(double h) {
        return secondDerivativeAtValue(apply(h));
    }

    /** sigma'(h) from a = sigma(h): 1 - a^2 for tanh; from the sign of a for the (leaky) ReLU (0 at 0, as DL4J). */
    public double derivativeAtValue(double a) {
        switch (this) {
            case RELU:
                return a > 0 ? 1 : 0;
            case LEAKY_RELU:
                return a > 0 ? 1 : LEAKY_SLOPE_DERIVATIVE;
            case TANH:
                return 1 - a * a;
            default:
                return 1;
        }
    }

    /** Whether sigma(h) = s h with a slope s that only depends on the sign of h (ReLU, leaky ReLU, linear). */
    public boolean isPiecewiseLinear() {
        return this != TANH;
    }

    /**
     * The slope s of the linear piece a unit is on, read off its value a = sigma(h), so that sigma(h) = s h exactly:
     * the unit's gate in the network's sum over paths (1 or 0 for the ReLU, 1 or {@link #LEAKY_SLOPE} for the leaky
     * ReLU, as the forward pass computes it; 1 for the linear activation). Refused for tanh, which is not
     * piecewise linear.
     */
    public double gateAtValue(double a) {
        switch (this) {
            case RELU:
                return a > 0 ? 1 : 0;
            case LEAKY_RELU:
                return a > 0 ? 1 : LEAKY_SLOPE;
            case LINEAR:
                return 1;
            default:
                throw new IllegalArgumentException("tanh is not piecewise linear: a tanh network is not a sum over paths "
                        + "of input x gate x weights; use Activation.RELU (the paper's), LEAKY_RELU or LINEAR");
        }
    }

    /** sigma''(h) from a = sigma(h). */
    public double secondDerivativeAtValue(double a) {
        return this == TANH ? -2 * a * (1 - a * a) : 0;
    }

    /**
     * sigma in place on h[from .. from + count - 1], as {@link #apply} (tanh by the kernels' faster tanh, equal to
     * rounding): the forward passes' loop.
     */
    public void applyInPlace(double[] h, int from, int count) {
        switch (this) {
            case TANH:
                DenseKernels.tanh(h, from, count);
                break;
            case RELU:
                for (int r = from; r < from + count; r++) {
                    h[r] = Math.max(h[r], 0.0);
                }
                break;
            case LEAKY_RELU:
                for (int r = from; r < from + count; r++) {
                    h[r] = Math.max(h[r], LEAKY_SLOPE * h[r]);
                }
                break;
            default:
                break;
        }
    }

    /**
     * delta[i] *= sigma'(h_i) for i in from .. from + count - 1, read off the values a = sigma(h) as
     * {@link #derivativeAtValue} (written out per activation so that the loops vectorise): the backward passes' loop.
     */
    public void multiplyByDerivative(double[] delta, double[] a, int from, int count) {
        switch (this) {
            case TANH:
                for (int r = from; r < from + count; r++) {
                    delta[r] *= 1 - a[r] * a[r];
                }
                break;
            case RELU:
                for (int r = from; r < from + count; r++) {
                    delta[r] = a[r] > 0 ? delta[r] : 0.0;
                }
                break;
            case LEAKY_RELU:
                for (int r = from; r < from + count; r++) {
                    delta[r] = a[r] > 0 ? delta[r] : LEAKY_SLOPE_DERIVATIVE * delta[r];
                }
                break;
            default:
                break;
        }
    }
}
