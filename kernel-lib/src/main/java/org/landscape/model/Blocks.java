package org.landscape.model;

/**
 * The per-block steps shared by {@link Risk} and the slice evaluator: a block is up to {@link #SIZE} examples, each
 * layer's values stored unit by unit (unit u's value for example r at u * SIZE + r); inputs and labels are stored
 * column-major over the whole sample (feature j of example r at j * examples + r). Activations, their derivatives
 * and the losses are {@link Activation}'s and {@link Loss}'s, so the numbers match the network's own.
 */
public final class Blocks {
    /** Examples per block: a 100-unit layer of a block is 200 KB and stays in the core's cache (best of 128..1024). */
    public static final int SIZE = 256;
    private Blocks() {
    }

    /**
     * sigma in place on the first len examples of rows 0..units-1 (the output layer has none: not called), as
     * {@link Activation#apply} defines it (tanh by the kernels' faster tanh, equal to rounding).
     */
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
                case LEAKY_RELU:
                    for (int r = 0; r < len; r++) {
                        z[at + r] = Math.max(z[at + r], Activation.LEAKY_SLOPE * z[at + r]);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * delta *= sigma'(h), from a = sigma(h), as {@link Activation#derivativeAtValue} defines it (written out per
     * activation so that the loops vectorise).
     */
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
                        delta[at + r] = a[at + r] > 0 ? delta[at + r] : Activation.LEAKY_SLOPE_DERIVATIVE * delta[at + r];
                    }
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * The block's summed loss; with {@code delta} non-null also d loss / d output per example into delta: one example
     * at a time through {@link Loss#valueAndGradient} (the losses' maths, with DL4J's clipping, lives there).
     */
    public static double lossAndDelta(Loss loss, double[] out, int outputs, double[] labelsT, int examples,
                                      int r0, int len, double[] delta) {
        double[] z = new double[outputs], y = new double[outputs], g = delta == null ? null : new double[outputs];
        double sum = 0;
        for (int r = 0; r < len; r++) {
            for (int k = 0; k < outputs; k++) {
                z[k] = out[k * SIZE + r];
                y[k] = labelsT[k * examples + r0 + r];
            }
            sum += loss.valueAndGradient(z, y, g);
            if (g != null) {
                for (int k = 0; k < outputs; k++) {
                    delta[k * SIZE + r] = g[k];
                }
            }
        }
        return sum;
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
