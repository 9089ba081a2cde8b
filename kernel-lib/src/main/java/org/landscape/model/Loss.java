package org.landscape.model;

import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The loss of one example, averaged over the sample: the empirical risk R_S = (1/m) sum_i loss(Phi(x_i), y_i).
 * SQUARE is |Phi(x) - y|^2 (summed over outputs), CROSS_ENTROPY is softmax cross-entropy, HINGE the multi-output
 * hinge loss with labels in {-1, +1}, LOGISTIC the binary cross-entropy of a sigmoid output per output unit
 * (labels in [0, 1]): logistic regression when there is no hidden layer.
 *
 * <p>Its maths lives here once, as functions of the last layer's affine output z (the "logits"; the network's output
 * is {@link #output}(z)): the value, dE/dz and d^2E/dz^2, with DL4J's conventions so that the engine's numbers are
 * the network's own: the value clips probabilities (softmax at [1e-10, 1 - 1e-10] in log space, sigmoid at
 * [1e-5, 1 - 1e-5]); the softmax gradient is p sum(y) - y (LossMCXENT's); the logistic gradient goes through the
 * clipped sigmoid (LossBinaryXENT's). The hinge loss is piecewise linear: its second derivative is 0 away from the
 * margin (where it is not defined).
 */
public enum Loss {
    SQUARE, CROSS_ENTROPY, HINGE, LOGISTIC;

    private static final double LOG_SOFTMAX_LOW = Math.log(1e-10);
    private static final double LOG_SOFTMAX_HIGH = Math.log1p(-1e-10);
    private static final double SIGMOID_CLIP = 1e-5;

    ILossFunction dl4j() {
        switch (this) {
            case SQUARE:
                return new LossL2();
            case CROSS_ENTROPY:
                return new LossMCXENT();
            case LOGISTIC:
                return new LossBinaryXENT();
            default:
                return new LossHinge();
        }
    }

    org.nd4j.linalg.activations.Activation outputActivation() {
        switch (this) {
            case CROSS_ENTROPY:
                return org.nd4j.linalg.activations.Activation.SOFTMAX;
            case LOGISTIC:
                return org.nd4j.linalg.activations.Activation.SIGMOID;
            default:
                return org.nd4j.linalg.activations.Activation.IDENTITY;
        }
    }

    /** The network's output for logits z: z itself (square, hinge), softmax(z) or sigmoid(z) per unit. */
    public double[] output(double[] z) {
        double[] out = z.clone();
        if (this == CROSS_ENTROPY) {
            double max = max(z), sum = 0;
            for (int k = 0; k < z.length; k++) {
                out[k] = Math.exp(z[k] - max);
                sum += out[k];
            }
            for (int k = 0; k < z.length; k++) {
                out[k] /= sum;
            }
        } else if (this == LOGISTIC) {
            for (int k = 0; k < z.length; k++) {
                out[k] = sigmoid(z[k]);
            }
        }
        return out;
    }

    /** One example's loss E(z, y), clipped as DL4J clips it. */
    public double value(double[] z, double[] y) {
        return valueAndGradient(z, y, null);
    }

    /** dE/dz. */
    public double[] gradient(double[] z, double[] y) {
        double[] g = new double[z.length];
        valueAndGradient(z, y, g);
        return g;
    }

    /** E(z, y), with dE/dz written into {@code gradient} when it is not null (length z.length). */
    public double valueAndGradient(double[] z, double[] y, double[] gradient) {
        if (z == null || y == null || z.length != y.length || (gradient != null && gradient.length != z.length)) {
            throw new IllegalArgumentException("z (outputs) and y (labels) must be non-null and of equal length"
                    + (gradient == null ? "" : ", as gradient") + ", got " + length(z) + " and " + length(y)
                    + (gradient == null ? "" : " and " + gradient.length));
        }
        return compute(z, y, gradient);
    }

    private static String length(double[] a) {
        return a == null ? "null" : a.length + " entries";
    }

    private double compute(double[] z, double[] y, double[] gradient) {
        int k = z.length;
        double sum = 0;
        switch (this) {
            case SQUARE:
                for (int c = 0; c < k; c++) {
                    double d = z[c] - y[c];
                    sum += d * d;
                    if (gradient != null) {
                        gradient[c] = 2 * d;
                    }
                }
                return sum;
            case CROSS_ENTROPY: {
                double max = max(z), total = 0, ySum = 0;
                for (int c = 0; c < k; c++) {
                    total += Math.exp(z[c] - max);
                    ySum += y[c];
                }
                double logTotal = Math.log(total);
                for (int c = 0; c < k; c++) {
                    double logP = z[c] - max - logTotal;
                    if (y[c] != 0) {
                        sum -= y[c] * Math.min(Math.max(logP, LOG_SOFTMAX_LOW), LOG_SOFTMAX_HIGH);
                    }
                    if (gradient != null) {
                        gradient[c] = Math.exp(logP) * ySum - y[c];
                    }
                }
                return sum;
            }
            case LOGISTIC:
                for (int c = 0; c < k; c++) {
                    double p = sigmoid(z[c]), clipped = clipSigmoid(p);
                    sum -= y[c] * Math.log(clipped) + (1 - y[c]) * Math.log(1 - clipped);
                    if (gradient != null) { // DL4J: (p_c - y) / (p_c (1 - p_c)) times sigmoid' = p (1 - p)
                        gradient[c] = clipped == p ? p - y[c] : (clipped - y[c]) / (clipped * (1 - clipped)) * (p * (1 - p));
                    }
                }
                return sum;
            default: // HINGE
                for (int c = 0; c < k; c++) {
                    double margin = 1 - y[c] * z[c];
                    sum += Math.max(0.0, margin);
                    if (gradient != null) {
                        gradient[c] = margin > 0 ? -y[c] : 0.0;
                    }
                }
                return sum;
        }
    }

    /**
     * The summed loss of {@code count} examples stored output by output: output k of example r at
     * z[k * zStride + zFirst + r], its label at y[k * yStride + yFirst + r]; with {@code gradient} non-null also dE/dz
     * into it, laid out like z. The engine's and the plane evaluator's loop over a block of examples.
     */
    public double sum(double[] z, int zStride, int zFirst, double[] y, int yStride, int yFirst, int outputs, int count,
                      double[] gradient) {
        double[] zr = new double[outputs], yr = new double[outputs], g = gradient == null ? null : new double[outputs];
        double total = 0;
        for (int r = 0; r < count; r++) {
            for (int k = 0; k < outputs; k++) {
                zr[k] = z[k * zStride + zFirst + r];
                yr[k] = y[k * yStride + yFirst + r];
            }
            total += compute(zr, yr, g);
            if (g != null) {
                for (int k = 0; k < outputs; k++) {
                    gradient[k * zStride + zFirst + r] = g[k];
                }
            }
        }
        return total;
    }

    /**
     * d^2E/dz^2 u, the loss's Hessian at the logits times u: 2 u (square); sum(y) (p o u - p (p . u)) (softmax
     * cross-entropy); p (1 - p) u per unit (logistic; the derivative of DL4J's clipped gradient where the sigmoid is
     * clipped); 0 (hinge, away from the margin). The first three are positive semi-definite where the sigmoid is not
     * clipped.
     */
    public double[] hessianTimes(double[] z, double[] y, double[] u) {
        int k = z.length;
        double[] r = new double[k];
        switch (this) {
            case SQUARE:
                for (int c = 0; c < k; c++) {
                    r[c] = 2 * u[c];
                }
                return r;
            case CROSS_ENTROPY: {
                double[] p = output(z);
                double ySum = 0, pu = 0;
                for (int c = 0; c < k; c++) {
                    ySum += y[c];
                    pu += p[c] * u[c];
                }
                for (int c = 0; c < k; c++) {
                    r[c] = ySum * p[c] * (u[c] - pu);
                }
                return r;
            }
            case LOGISTIC:
                for (int c = 0; c < k; c++) {
                    double p = sigmoid(z[c]), clipped = clipSigmoid(p), s = p * (1 - p);
                    r[c] = (clipped == p ? s : (clipped - y[c]) / (clipped * (1 - clipped)) * s * (1 - 2 * p)) * u[c];
                }
                return r;
            default: // HINGE: piecewise linear in z
                return r;
        }
    }

    /** d^2E/dz^2 as a k x k matrix. */
    public double[][] hessian(double[] z, double[] y) {
        int k = z.length;
        double[][] h = new double[k][];
        double[] unit = new double[k];
        for (int c = 0; c < k; c++) {
            unit[c] = 1;
            h[c] = hessianTimes(z, y, unit);
            unit[c] = 0;
        }
        return h;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double clipSigmoid(double p) {
        return Math.min(Math.max(p, SIGMOID_CLIP), 1 - SIGMOID_CLIP);
    }

    private static double max(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        return max;
    }
}
