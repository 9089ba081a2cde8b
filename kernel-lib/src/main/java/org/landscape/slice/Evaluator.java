package org.landscape.slice;

import java.util.List;
import org.landscape.data.Dataset;
import org.landscape.model.Network;

/**
 * What {@link Slices} evaluates at a point theta of parameter space when it is not the library's own network with a
 * built-in metric: a function theta -> value of any model, e.g. an adapted DL4J network of one's own
 * ({@code org.landscape.adapt.Dl4jModel}) or a network with a custom {@link Metric}. The same slicing calls take
 * it ({@code Slices.plane(evaluator, plane, a, b)}, {@code line}, {@code randomPlane}, {@code throughThree},
 * {@code pcaPlane}) and give the same {@link Surface} and {@link Curve} results, with progress and resumption.
 * Points are evaluated one after another, on one thread.
 */
public interface Evaluator {
    /** The quantity's name, shown on axes and in summaries ("loss"). */
    String quantity();

    /** The length of theta. */
    int dimension();

    /** The model's own parameters: the point random planes and lines go through. */
    double[] parameters();

    /** The quantity at theta (the model keeps its own parameters). */
    double value(double[] theta);

    /**
     * What the function depends on besides theta (the model's configuration, the data, the quantity), as a digest:
     * an interrupted slice is resumed only by a call with the same fingerprint, plane and axes.
     */
    String fingerprint();

    /**
     * How random directions are normalised for this model ({@link Directions.Group}): each parameter array cut into
     * filters; biases and similar vectors in groups included only when {@code includeBiases}.
     */
    List<Directions.Group> groups(boolean includeBiases);

    /** {@code metric} of {@code net} on {@code data}: the network is copied once and set to each point in turn. */
    static Evaluator of(Network net, Dataset data, Metric metric) {
        if (net == null || data == null || metric == null) {
            throw new IllegalArgumentException((net == null ? "net" : data == null ? "data" : "metric")
                    + " must not be null");
        }
        net.checkData(data);
        Network at = net.copy();
        double[] theta = net.parameters();
        String digest = org.landscape.util.Fingerprint.of("network evaluator").add("network", net.toString())
                .add("data", data.fingerprint()).add("metric", metric.name()).build().digest();
        return new Evaluator() {
            @Override
            public String quantity() {
                return metric.name();
            }

            @Override
            public int dimension() {
                return theta.length;
            }

            @Override
            public double[] parameters() {
                return theta.clone();
            }

            @Override
            public double value(double[] point) {
                at.setParameters(point);
                return metric.value(at, data);
            }

            @Override
            public String fingerprint() {
                return digest;
            }

            @Override
            public List<Directions.Group> groups(boolean includeBiases) {
                return Directions.groups(net.layout(), includeBiases);
            }

            @Override
            public String toString() {
                return metric.name() + " of " + net + " on '" + data.name() + "'";
            }
        };
    }
}
