package org.landscape.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape.data.Dataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's own numbers for a {@link Network} (its score, backpropagated gradient and outputs), computed on a copy of the
 * network so the original is not touched: the independent reference the library's engine {@link Risk} (and
 * {@link Network}'s loss, gradient and accuracy, which go through it) is checked against. Test code only.
 */
public final class Dl4jReference {
    private Dl4jReference() {
    }

    private static MultiLayerNetwork at(Network net, double[] theta) {
        Network copy = net.copy();
        copy.setParameters(theta);
        return copy.dl4j();
    }

    /** DL4J's score on data at theta (the mean loss, plus any regularisation term its configuration has). */
    public static double loss(Network net, double[] theta, Dataset data) {
        return at(net, theta).score(new org.nd4j.linalg.dataset.DataSet(data.features(), data.labels()), false);
    }

    /** DL4J's backpropagated gradient at theta, divided by m (DL4J differentiates the sum over the minibatch). */
    public static double[] gradient(Network net, double[] theta, Dataset data) {
        MultiLayerNetwork dl4j = at(net, theta);
        dl4j.setInput(data.features());
        dl4j.setLabels(data.labels());
        dl4j.computeGradientAndScore();
        double[] g = dl4j.getFlattenedGradients().toDoubleVector();
        for (int i = 0; i < g.length; i++) {
            g[i] /= data.size();
        }
        return g;
    }

    /** DL4J's outputs (after the output layer's activation) at theta, one row per example. */
    public static double[][] output(Network net, double[] theta, INDArray x) {
        return at(net, theta).output(x.castTo(DataType.DOUBLE), false).toDoubleMatrix();
    }

    /** The fraction of examples whose largest DL4J output is at the label's largest entry; NaN for one output. */
    public static double accuracy(Network net, double[] theta, Dataset data) {
        if (data.outputWidth() == 1) {
            return Double.NaN;
        }
        INDArray predicted = at(net, theta).output(data.features().castTo(DataType.DOUBLE), false).argMax(1);
        return predicted.eq(data.labels().argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    /** Whether any layer of the DL4J configuration has an L1/L2/weight-decay term (Risk has none). */
    static boolean hasRegularisation(Network net) {
        for (org.deeplearning4j.nn.api.Layer layer : net.dl4j().getLayers()) {
            var conf = layer.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                    && (!base.getRegularization().isEmpty() || !base.getRegularizationBias().isEmpty())) {
                return true;
            }
        }
        return false;
    }
}
