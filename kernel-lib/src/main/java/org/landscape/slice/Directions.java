package org.landscape.slice;

import java.util.Random;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;

/**
 * Random directions in parameter space, scaled so that a step of 1 is comparable to the parameters themselves.
 * Without scaling, a direction's effect depends on how large each layer's weights are (and ReLU networks are
 * invariant to rescaling layers), so plots of different networks cannot be compared (Li et al., 2018).
 */
public final class Directions {
    /** How a random Gaussian direction is scaled. */
    public enum Normalisation {
        /** Left as drawn: N(0, I). */
        NONE,
        /** Each layer's weights rescaled to the norm of that layer's weights in theta. */
        LAYER,
        /** Each filter (one unit's incoming weights) rescaled to the norm of that filter in theta. */
        FILTER
    }

    private Directions() {
    }

    /** A Gaussian direction for {@code net} at its current theta. */
    public static double[] random(Network net, long seed, Normalisation normalisation, boolean includeBiases) {
        return random(net.layout(), net.parameters(), seed, normalisation, includeBiases);
    }

    /**
     * A Gaussian direction normalised against {@code theta}. Bias entries are zero unless {@code includeBiases};
     * included biases are normalised like a filter (per layer's bias vector) under LAYER and FILTER.
     */
    public static double[] random(ParameterLayout layout, double[] theta, long seed, Normalisation normalisation,
                                  boolean includeBiases) {
        if (theta.length != layout.size()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries but the layout has " + layout.size());
        }
        Random random = new Random(seed);
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian();
        }
        for (ParameterLayout.Layer layer : layout.layers()) {
            switch (normalisation) {
                case FILTER:
                    for (int unit = 0; unit < layer.outputs; unit++) {
                        rescale(d, theta, layer.weight(unit, 0), layer.inputs);
                    }
                    break;
                case LAYER:
                    rescale(d, theta, layer.weightOffset, layer.weightCount());
                    break;
                default:
                    break;
            }
            if (layer.biasOffset >= 0) {
                if (!includeBiases) {
                    java.util.Arrays.fill(d, layer.biasOffset, layer.biasOffset + layer.outputs, 0);
                } else if (normalisation != Normalisation.NONE) {
                    rescale(d, theta, layer.biasOffset, layer.outputs);
                }
            }
        }
        return d;
    }

    /** d[from..from+count) scaled to the norm of theta[from..from+count). */
    private static void rescale(double[] d, double[] theta, int from, int count) {
        double dn = 0, tn = 0;
        for (int i = from; i < from + count; i++) {
            dn += d[i] * d[i];
            tn += theta[i] * theta[i];
        }
        double f = dn == 0 ? 0 : Math.sqrt(tn / dn);
        for (int i = from; i < from + count; i++) {
            d[i] *= f;
        }
    }

    /** A copy of {@code d} that keeps only the weights of layer {@code layer} (0 = the first weight matrix). */
    public static double[] restrict(ParameterLayout layout, double[] d, int layer) {
        int layers = layout.layers().size();
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer must be in 0.." + (layers - 1) + " (weight matrices of the network), got " + layer);
        }
        if (d.length != layout.size()) {
            throw new IllegalArgumentException("d has " + d.length + " entries but the layout has " + layout.size());
        }
        ParameterLayout.Layer l = layout.layers().get(layer);
        double[] out = new double[d.length];
        System.arraycopy(d, l.weightOffset, out, l.weightOffset, l.weightCount());
        return out;
    }

    /**
     * |cos| between {@code u} and each of {@code count} random directions for {@code net} (seeds firstSeed,
     * firstSeed + 1, ...), normalised as {@code normalisation} says; biases included only when not normalised, as
     * in {@link Slices#randomPlane}.
     */
    public static double[] cosines(Network net, double[] u, Normalisation normalisation, int count, long firstSeed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        double[] c = new double[count];
        for (int k = 0; k < count; k++) {
            c[k] = absCosine(random(net, firstSeed + k, normalisation, normalisation == Normalisation.NONE), u);
        }
        return c;
    }

    /** |cos| of the angle between two vectors. */
    public static double absCosine(double[] a, double[] b) {
        double na = Slices.norm(a), nb = Slices.norm(b);
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException("cosine of a zero vector is undefined");
        }
        return Math.abs(Slices.dot(a, b)) / (na * nb);
    }

    /** |a|, the Euclidean norm. */
    public static double norm(double[] a) {
        return Slices.norm(a);
    }

    /** |b - a|, the Euclidean distance. */
    public static double distance(double[] a, double[] b) {
        return Slices.norm(difference(b, a));
    }

    /** b - a. */
    public static double[] difference(double[] b, double[] a) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of lengths " + a.length + " and " + b.length + " differ");
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }
}
