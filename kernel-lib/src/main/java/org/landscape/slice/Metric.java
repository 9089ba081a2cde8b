package org.landscape.slice;

import java.util.function.ToDoubleBiFunction;
import org.landscape.data.Dataset;
import org.landscape.model.Network;

/**
 * What a slice measures at each point of parameter space, in the manner of loss-landscapes' metrics: the loss, the
 * accuracy, or any function of the network on a data set. {@link #LOSS} and {@link #ACCURACY} take the fast path that
 * evaluates many points of a plane together; any other metric is called on a network set to each point in turn.
 *
 * <pre>{@code
 * Slices.randomPlane(net, data, Normalisation.FILTER, 1, a, b, Metric.ACCURACY);
 * Metric.of("output norm", (n, d) -> n.output(d.features()).norm2Number().doubleValue());
 * }</pre>
 */
public interface Metric {
    /** The empirical risk (the network's own loss). */
    Metric LOSS = new Builtin("loss", 0);
    /** The fraction of examples classified right (NaN for a network with one output). */
    Metric ACCURACY = new Builtin("accuracy", 1);

    /** The name shown on axes and in summaries. */
    String name();

    /** The value for {@code net} at its current parameters on {@code data}. */
    double value(Network net, Dataset data);

    /** A metric from any function of the network and the data. */
    static Metric of(String name, ToDoubleBiFunction<Network, Dataset> f) {
        if (name == null || name.isBlank() || f == null) {
            throw new IllegalArgumentException("a metric needs a name and a function (network, data) -> value");
        }
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double value(Network net, Dataset data) {
                return f.applyAsDouble(net, data);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** LOSS and ACCURACY: the plane evaluator computes both at once; {@code index} picks one. */
    final class Builtin implements Metric {
        final int index;
        private final String name;

        private Builtin(String name, int index) {
            this.name = name;
            this.index = index;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double value(Network net, Dataset data) {
            return index == 0 ? net.loss(data) : net.accuracy(data);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
