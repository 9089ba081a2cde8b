package org.landscape.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each layer's weights and biases sit in the flat parameter vector theta. DL4J stores, layer by layer, the
 * weight matrix as nIn x nOut in column-major order (so the incoming weights of one unit are contiguous) and then
 * the bias vector. A <em>filter</em> (for filter normalisation) is one unit's incoming weights: one column.
 */
public final class ParameterLayout {
    /** One affine map x -> W x + b of the network, l = 0..L. */
    public static final class Layer {
        public final int index;
        public final int inputs;
        public final int outputs;
        public final int weightOffset;
        /** -1 when the network has no biases. */
        public final int biasOffset;

        Layer(int index, int inputs, int outputs, int weightOffset, int biasOffset) {
            this.index = index;
            this.inputs = inputs;
            this.outputs = outputs;
            this.weightOffset = weightOffset;
            this.biasOffset = biasOffset;
        }

        /** Position in theta of W_{unit, input} (the book's W^(l) is outputs x inputs). */
        public int weight(int unit, int input) {
            return weightOffset + unit * inputs + input;
        }

        public int bias(int unit) {
            if (biasOffset < 0) {
                throw new IllegalStateException("layer " + index + " has no biases");
            }
            return biasOffset + unit;
        }

        public int weightCount() {
            return inputs * outputs;
        }

        public int end() {
            return biasOffset < 0 ? weightOffset + weightCount() : biasOffset + outputs;
        }

        @Override
        public String toString() {
            return "W" + index + " (" + outputs + "x" + inputs + ")" + (biasOffset < 0 ? "" : " b" + index);
        }
    }

    private final List<Layer> layers;
    private final int size;

    ParameterLayout(Architecture architecture, boolean biases) {
        List<Layer> list = new ArrayList<>();
        int offset = 0;
        for (int l = 0; l < architecture.layers(); l++) {
            int in = architecture.width(l), out = architecture.width(l + 1);
            int weights = offset;
            offset += in * out;
            int bias = biases ? offset : -1;
            if (biases) {
                offset += out;
            }
            list.add(new Layer(l, in, out, weights, bias));
        }
        this.layers = Collections.unmodifiableList(list);
        this.size = offset;
    }

    public static ParameterLayout of(Architecture architecture, boolean biases) {
        return new ParameterLayout(architecture, biases);
    }

    /** The layout of {@code net}'s parameters (the same as {@code net.layout()}). */
    public static ParameterLayout of(Network net) {
        return net.layout();
    }

    /** Number of layers (affine maps), L + 1. */
    public int layerCount() {
        return layers.size();
    }

    public boolean hasBiases() {
        return layers.get(0).biasOffset >= 0;
    }

    /** Inputs of layer l (d_l). */
    public int inputs(int l) {
        return checked(l).inputs;
    }

    /** Units of layer l (d_{l+1}). */
    public int units(int l) {
        return checked(l).outputs;
    }

    /** First index of layer l's parameters: its weights, then its biases. The layer-wise Hessian blocks are the
     * square blocks of the Hessian over start(l)..end(l). */
    public int start(int l) {
        return checked(l).weightOffset;
    }

    /** One past the last index of layer l's parameters. */
    public int end(int l) {
        return checked(l).end();
    }

    /** Parameters (weights and biases) of layer l. */
    public int count(int l) {
        return end(l) - start(l);
    }

    /** Number of weights (not biases) of layer l. */
    public int weightCount(int l) {
        return checked(l).weightCount();
    }

    private Layer checked(int l) {
        if (l < 0 || l >= layers.size()) {
            throw new IllegalArgumentException("layer must be in 0.." + (layers.size() - 1) + ", got " + l);
        }
        return layers.get(l);
    }

    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(int l) {
        return layers.get(l);
    }

    /** The length of theta. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("layout of " + size + " parameters:");
        for (Layer layer : layers) {
            text.append(" layer ").append(layer.index).append(" [").append(layer.weightOffset).append(", ")
                    .append(layer.end()).append(")");
        }
        return text.toString();
    }

    /** Whether position {@code k} of theta is a bias. */
    public boolean isBias(int k) {
        for (Layer layer : layers) {
            if (layer.biasOffset >= 0 && k >= layer.biasOffset && k < layer.biasOffset + layer.outputs) {
                return true;
            }
        }
        return false;
    }
}
