package org.landscape.slice;

import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.landscape.model.Risk;
import org.landscape.hessian.Vectors;

/**
 * Planes of a network's loss that move one layer's weights or two layers' scales, everything else fixed at theta:
 * <ul>
 * <li>{@link #within}: W_l = a A + b B for two fixed random matrices A, B (entries N(0, 1/fan-in)), the layer's
 * biases (if any) kept;</li>
 * <li>{@link #across}: W_k = a W_k*, W_l = b W_l* (theta's weights scaled), so (1, 1) is theta itself.</li>
 * </ul>
 * Within one layer the Hessian's block is PSD for piecewise-linear units, so such a plane has no strict local
 * maximum ({@link Surface#interiorStrictLocalMaxima}); across layers it can have a saddle.
 *
 * <pre>{@code
 * LayerPlanes planes = LayerPlanes.at(net, data, theta, 3);
 * Surface inside = planes.within(0, Axis.of("a", -2, 2, 41), Axis.of("b", -2, 2, 41));
 * }</pre>
 */
public final class LayerPlanes {
    private final Network net;
    private final Dataset data;
    private final double[] theta;
    private final long seed;
    private final ParameterLayout layout;

    private LayerPlanes(Network net, Dataset data, double[] theta, long seed) {
        this.net = net;
        this.data = data;
        this.theta = theta;
        this.seed = seed;
        this.layout = net.layout();
    }

    /** Planes through {@code theta}; the random directions of layer l come from {@code new Random(seed + l)}. */
    public static LayerPlanes at(Network net, Dataset data, double[] theta, long seed) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        Vectors.check("theta", theta, (int) net.parameterCount());
        net.checkData(data);
        return new LayerPlanes(net, data, theta.clone(), seed);
    }

    /** The loss over W_layer = a A + b B. */
    public Surface within(int layer, Axis a, Axis b) {
        checkLayer(layer);
        Random random = new Random(seed + layer);
        double scale = 1 / Math.sqrt(layout.inputs(layer));
        double[] d1 = new double[theta.length], d2 = new double[theta.length];
        ParameterLayout.Layer l = layout.layer(layer);
        for (int i = l.weightOffset; i < l.weightOffset + l.weightCount(); i++) {
            d1[i] = scale * random.nextGaussian();
        }
        for (int i = l.weightOffset; i < l.weightOffset + l.weightCount(); i++) {
            d2[i] = scale * random.nextGaussian();
        }
        return Slices.plane(net, data, withoutWeights(layer, -1), d1, d2, a, b);
    }

    /** The loss over W_first = a W_first*, W_second = b W_second*. */
    public Surface across(int first, int second, Axis a, Axis b) {
        checkLayer(first);
        checkLayer(second);
        if (first == second) {
            throw new IllegalArgumentException("across needs two different layers, got " + first + " twice");
        }
        return Slices.plane(net, data, withoutWeights(first, second), weights(first), weights(second), a, b);
    }

    /** The loss at (a, b) of {@link #across}, exactly (not from a grid). */
    public double acrossLoss(int first, int second, double a, double b) {
        double[] p = withoutWeights(first, second);
        Vectors.axpy(a, weights(first), p);
        Vectors.axpy(b, weights(second), p);
        return Risk.of(net, data).value(p);
    }

    private double[] weights(int layer) {
        ParameterLayout.Layer l = layout.layer(layer);
        double[] w = new double[theta.length];
        System.arraycopy(theta, l.weightOffset, w, l.weightOffset, l.weightCount());
        return w;
    }

    private double[] withoutWeights(int first, int second) {
        double[] p = theta.clone();
        for (int layer : new int[]{first, second}) {
            if (layer >= 0) {
                ParameterLayout.Layer l = layout.layer(layer);
                java.util.Arrays.fill(p, l.weightOffset, l.weightOffset + l.weightCount(), 0);
            }
        }
        return p;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layout.layerCount()) {
            throw new IllegalArgumentException("layer must be in 0.." + (layout.layerCount() - 1) + ", got " + layer);
        }
    }
}
