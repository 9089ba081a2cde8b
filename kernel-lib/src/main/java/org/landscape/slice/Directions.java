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
        return random(theta, groups(layout, includeBiases), seed, normalisation);
    }

    /**
     * One layer's parameter array for normalisation: its flat positions in theta cut into filters (one unit's
     * incoming weights, one convolution filter, or the whole array as one filter for a bias or batch-norm vector).
     * FILTER rescales each filter to its norm in theta, LAYER the whole group; an excluded group stays zero, and so
     * does every entry of theta in no group (e.g. batch-norm running statistics).
     */
    public record Group(String name, int[][] filters, boolean included) {
        public Group {
            if (name == null || filters == null || filters.length == 0) {
                throw new IllegalArgumentException("a group needs a name and at least one filter");
            }
        }

        /** A group of one contiguous filter per unit: {@code count} filters of {@code length} from {@code from}. */
        public static Group contiguous(String name, int from, int count, int length, boolean included) {
            int[][] filters = new int[count][length];
            for (int f = 0; f < count; f++) {
                for (int i = 0; i < length; i++) {
                    filters[f][i] = from + f * length + i;
                }
            }
            return new Group(name, filters, included);
        }

        /** The number of entries of theta in this group. */
        public int size() {
            int n = 0;
            for (int[] f : filters) {
                n += f.length;
            }
            return n;
        }
    }

    /** The groups of a fully connected network: each layer's weights (a filter per unit), then its biases. */
    public static java.util.List<Group> groups(ParameterLayout layout, boolean includeBiases) {
        java.util.List<Group> groups = new java.util.ArrayList<>();
        for (ParameterLayout.Layer layer : layout.layers()) {
            groups.add(Group.contiguous("W" + layer.index, layer.weightOffset, layer.outputs, layer.inputs, true));
            if (layer.biasOffset >= 0) {
                groups.add(Group.contiguous("b" + layer.index, layer.biasOffset, 1, layer.outputs, includeBiases));
            }
        }
        return groups;
    }

    /**
     * A Gaussian direction (entry i the i-th {@code nextGaussian()} of {@code new Random(seed)}) normalised group by
     * group against {@code theta} (see {@link Group}): the one normalisation for the library's networks and for
     * adapted DL4J models (convolution filters, batch norm).
     */
    public static double[] random(double[] theta, java.util.List<Group> groups, long seed, Normalisation normalisation) {
        if (theta == null || groups == null || normalisation == null) {
            throw new IllegalArgumentException((theta == null ? "theta" : groups == null ? "groups" : "normalisation")
                    + " must not be null");
        }
        boolean[] covered = new boolean[theta.length];
        for (Group g : groups) {
            for (int[] f : g.filters()) {
                for (int i : f) {
                    if (i < 0 || i >= theta.length || covered[i]) {
                        throw new IllegalArgumentException("group " + g.name() + " names position " + i + ", which is "
                                + (i < 0 || i >= theta.length ? "outside theta (0.." + (theta.length - 1) + ")"
                                : "in another group too") + ": groups must be disjoint positions of theta");
                    }
                    covered[i] = true;
                }
            }
        }
        Random random = new Random(seed);
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextGaussian();
        }
        double[] out = new double[theta.length];
        for (Group g : groups) {
            if (!g.included()) {
                continue;
            }
            if (normalisation == Normalisation.LAYER) {
                rescale(d, theta, concat(g.filters()));
            } else if (normalisation == Normalisation.FILTER) {
                for (int[] f : g.filters()) {
                    rescale(d, theta, f);
                }
            }
            for (int[] f : g.filters()) {
                for (int i : f) {
                    out[i] = d[i];
                }
            }
        }
        return out;
    }

    private static int[] concat(int[][] filters) {
        int n = 0;
        for (int[] f : filters) {
            n += f.length;
        }
        int[] all = new int[n];
        int k = 0;
        for (int[] f : filters) {
            System.arraycopy(f, 0, all, k, f.length);
            k += f.length;
        }
        return all;
    }

    /** d at {@code positions} scaled to the norm of theta at those positions. */
    private static void rescale(double[] d, double[] theta, int[] positions) {
        double dn = 0, tn = 0;
        for (int i : positions) {
            dn += d[i] * d[i];
            tn += theta[i] * theta[i];
        }
        double f = dn == 0 ? 0 : Math.sqrt(tn / dn);
        for (int i : positions) {
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
