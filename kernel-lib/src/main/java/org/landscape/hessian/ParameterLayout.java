package org.landscape.hessian;

import org.landscape.model.Architecture;
import org.landscape.model.Network;

/**
 * Where each layer's weights and biases sit in the flat parameter vector theta, as DL4J stores them: per layer
 * l = 0..L, first W^(l) as an nIn x nOut matrix in column-major order (entry (i, j), from input i to unit j, at
 * {@code offset + i + nIn * j}), then b^(l) (unit j at {@code offset + nIn * nOut + j}) when the network has biases.
 * The layer-wise Hessian blocks are the square blocks of the Hessian over {@link #start(int)}..{@link #end(int)}.
 */
public final class ParameterLayout {
    private final int[] widths;
    private final boolean biases;
    private final int[] offsets;

    private ParameterLayout(Architecture architecture, boolean biases) {
        this.widths = architecture.widths();
        this.biases = biases;
        this.offsets = new int[widths.length];
        long offset = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            offsets[l] = (int) offset;
            offset += (long) widths[l + 1] * (widths[l] + (biases ? 1 : 0));
        }
        if (offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("architecture " + architecture + " has " + offset
                    + " parameters, more than a Java array holds");
        }
        offsets[widths.length - 1] = (int) offset;
    }

    public static ParameterLayout of(Network net) {
        return new ParameterLayout(net.architecture(), net.hasBiases());
    }

    public static ParameterLayout of(Architecture architecture, boolean biases) {
        return new ParameterLayout(architecture, biases);
    }

    /** Number of layers (affine maps), L + 1. */
    public int layers() {
        return widths.length - 1;
    }

    /** The total number of parameters. */
    public int size() {
        return offsets[widths.length - 1];
    }

    public boolean hasBiases() {
        return biases;
    }

    /** Inputs of layer l (d_l). */
    public int inputs(int layer) {
        checkLayer(layer);
        return widths[layer];
    }

    /** Units of layer l (d_{l+1}). */
    public int units(int layer) {
        checkLayer(layer);
        return widths[layer + 1];
    }

    /** First index of layer l's parameters. */
    public int start(int layer) {
        checkLayer(layer);
        return offsets[layer];
    }

    /** One past the last index of layer l's parameters. */
    public int end(int layer) {
        checkLayer(layer);
        return offsets[layer + 1];
    }

    /** Parameters of layer l. */
    public int count(int layer) {
        return end(layer) - start(layer);
    }

    /** Index of W^(l)_{i,j}, the weight from input i to unit j. */
    public int weight(int layer, int input, int unit) {
        checkLayer(layer);
        if (input < 0 || input >= widths[layer] || unit < 0 || unit >= widths[layer + 1]) {
            throw new IllegalArgumentException("layer " + layer + " has " + widths[layer] + " inputs and "
                    + widths[layer + 1] + " units, got input " + input + ", unit " + unit);
        }
        return offsets[layer] + input + widths[layer] * unit;
    }

    /** Index of b^(l)_j. */
    public int bias(int layer, int unit) {
        checkLayer(layer);
        if (!biases) {
            throw new IllegalArgumentException("this network has no biases: build it with biases(true) to have them");
        }
        if (unit < 0 || unit >= widths[layer + 1]) {
            throw new IllegalArgumentException("layer " + layer + " has " + widths[layer + 1] + " units, got " + unit);
        }
        return offsets[layer] + widths[layer] * widths[layer + 1] + unit;
    }

    /** Number of weights (not biases) of layer l. */
    public int weightCount(int layer) {
        return inputs(layer) * units(layer);
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= widths.length - 1) {
            throw new IllegalArgumentException("layer must be in 0.." + (widths.length - 2) + ", got " + layer);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("layout of " + size() + " parameters:");
        for (int l = 0; l < layers(); l++) {
            s.append(" layer ").append(l).append(" [").append(start(l)).append(", ").append(end(l)).append(")");
        }
        return s.toString();
    }
}
