package org.landscape.model;

/**
 * The per-block steps shared by {@link Risk} and the slice evaluator: a block is up to {@link #SIZE} examples, each
 * layer's values stored unit by unit (unit u's value for example r at u * SIZE + r); inputs and labels are stored
 * column-major over the whole sample (feature j of example r at j * examples + r). Activations, their derivatives
 * and the losses follow DL4J's definitions, so the numbers match the network's own.
 */
public final class Blocks {
    /** Examples per block: a 100-unit layer of a block is 200 KB and stays in the core's cache (best of 128..1024). */
    public static final int SIZE = 256;
    /**
     * DL4J's leaky ReLU uses the slope 0.01 going forward but its derivative takes the slope through a float
     * (0.01f = 0.0099999998): matched here, so gradients agree with the network's own to rounding.
     */
    private static final double DL4J_LEAKY_SLOPE_DERIVATIVE = 0.01f;

    private Blocks() {
    }

    /** sigma in place on the first len examples of rows 0..units-1 (the output layer has none: not called). */
    public static void activate(Activation activation, double[] z, int units, int len) {
        for (int unit = 0; unit < units; unit++) {
            int at = unit * SIZE;
            switch (activation) {
                case TANH:
                    DenseKernels.tanh(z, at, len);
                    break;
                case RELU:
                    for (int r = 0; r < len; r++) {
                        z[at + r] = Math.max(z[at + r], 0.0);
                    }
                    break;
                case LEAKY_RELU: // DL4J's slope 0.01: max(x, 0.01 x)
                    for (int r = 0; r < len; r++) {
                        z[at + r] = Math.max(z[at + r], 0.01 * z[at + r]);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /** delta *= sigma'(h), from a = sigma(h): tanh' = 1 - a^2; (leaky) ReLU' from the sign of a (as DL4J, 0 at 0). */
    public static void derivativeTimes(Activation activation, double[] delta, double[] a, int units, int len) {
        for (int unit = 0; unit < units; unit++) {
            int at = unit * SIZE;
            switch (activation) {
                case TANH:
                    for (int r = 0; r < len; r++) {
                        delta[at + r] *= 1 - a[at + r] * a[at + r];
                    }
                    break;
                case RELU:
                    for (int r = 0; r < len; r++) {
                        delta[at + r] = a[at + r] > 0 ? delta[at + r] : 0.0;
                    }
                    break;
                case LEAKY_RELU:
                    for (int r = 0; r < len; r++) {
                        delta[at + r] = a[at + r] > 0 ? delta[at + r] : DL4J_LEAKY_SLOPE_DERIVATIVE * delta[at + r];
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * The block's summed loss; with {@code delta} non-null also d loss / d output per example into delta, with
     * DL4J's conventions (clipped probabilities in the value; the softmax gradient p sum(y) - y of its LossMCXENT;
     * its LossBinaryXENT's gradient through the clipped sigmoid).
     */
    public static double lossAndDelta(Loss loss, double[] out, int outputs, double[] labelsT, int examples,
                                      double[] labelSums, int r0, int len, double[] delta) {
        double sum = 0;
        switch (loss) {
            case SQUARE:
                for (int k = 0; k < outputs; k++) {
                    for (int r = 0; r < len; r++) {
                        double d = out[k * SIZE + r] - labelsT[k * examples + r0 + r];
                        sum += d * d;
                        if (delta != null) {
                            delta[k * SIZE + r] = 2 * d;
                        }
                    }
                }
                return sum;
            case CROSS_ENTROPY: {
                double lo = Math.log(1e-10), hi = Math.log1p(-1e-10);
                for (int r = 0; r < len; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < outputs; k++) {
                        max = Math.max(max, out[k * SIZE + r]);
                    }
                    double total = 0;
                    for (int k = 0; k < outputs; k++) {
                        total += Math.exp(out[k * SIZE + r] - max);
                    }
                    double logTotal = Math.log(total);
                    for (int k = 0; k < outputs; k++) {
                        double yk = labelsT[k * examples + r0 + r];
                        double logP = out[k * SIZE + r] - max - logTotal;
                        if (yk != 0) {
                            sum -= yk * Math.min(Math.max(logP, lo), hi);
                        }
                        if (delta != null) {
                            delta[k * SIZE + r] = Math.exp(logP) * labelSums[r0 + r] - yk;
                        }
                    }
                }
                return sum;
            }
            case LOGISTIC:
                for (int k = 0; k < outputs; k++) {
                    for (int r = 0; r < len; r++) {
                        double p = 1 / (1 + Math.exp(-out[k * SIZE + r]));
                        double yk = labelsT[k * examples + r0 + r];
                        double clipped = Math.min(Math.max(p, 1e-5), 1 - 1e-5);
                        sum -= yk * Math.log(clipped) + (1 - yk) * Math.log(1 - clipped);
                        if (delta != null) { // DL4J: (p_c - y) / (p_c (1 - p_c)) times sigmoid' = p (1 - p)
                            delta[k * SIZE + r] = clipped == p ? p - yk
                                    : (clipped - yk) / (clipped * (1 - clipped)) * (p * (1 - p));
                        }
                    }
                }
                return sum;
            case HINGE:
                for (int k = 0; k < outputs; k++) {
                    for (int r = 0; r < len; r++) {
                        double yk = labelsT[k * examples + r0 + r];
                        double margin = 1 - yk * out[k * SIZE + r];
                        sum += Math.max(0.0, margin);
                        if (delta != null) {
                            delta[k * SIZE + r] = margin > 0 ? -yk : 0.0;
                        }
                    }
                }
                return sum;
            default:
                throw new IllegalStateException("no block loss for " + loss);
        }
    }

    /** How many of the block's examples have their largest output where their largest label is. */
    public static int correct(double[] out, int outputs, int[] labelArgmax, int r0, int len) {
        int right = 0;
        for (int r = 0; r < len; r++) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (out[k * SIZE + r] > out[best * SIZE + r]) {
                    best = k;
                }
            }
            if (best == labelArgmax[r0 + r]) {
                right++;
            }
        }
        return right;
    }
}
