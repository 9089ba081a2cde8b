package org.landscape.slice;

import java.util.ArrayList;
import java.util.List;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Evaluates the loss (and accuracy) at many points mu + a d1 + b d2 of one plane, fast. All points share the input
 * X, so the first layer's pre-activations are X W(a,b) = X W_mu + a X D1 + b X D2: three products computed once,
 * after which each point costs two scaled additions there instead of a matrix product (for a 100-100-10 net on
 * 10,000 examples that is half of the work). Later layers use W_mu + a D1 + b D2 directly. Written for the
 * library's fully connected networks; checked against DL4J's own loss in the tests.
 */
final class PlaneEvaluator {
    private final Network net;
    private final Dataset data;
    private final Activation activation;
    private final Loss loss;
    private final List<INDArray[]> weights = new ArrayList<>(); // {W_mu, D1, D2} per layer, nIn x nOut
    private final List<INDArray[]> biases = new ArrayList<>();  // {b_mu, b1, b2} per layer (1 x nOut) or null
    private final INDArray xw;
    private final INDArray xd1;
    private final INDArray xd2;
    private final INDArray labelArgmax;
    // Work buffers reused from point to point: a grid is thousands of evaluations, and fresh off-heap arrays for
    // each would churn ND4J's allocator.
    private final INDArray[] activations;
    private final INDArray[] combinedWeights;
    private final INDArray[] combinedBiases;

    PlaneEvaluator(Network net, Dataset data, Plane plane) {
        if (plane.dimension() != net.parameterCount()) {
            throw new IllegalArgumentException("the plane lives in R^" + plane.dimension() + " but the network has "
                    + net.parameterCount() + " parameters");
        }
        if (data.inputWidth() != net.architecture().inputWidth() || data.outputWidth() != net.architecture().outputWidth()) {
            throw new IllegalArgumentException("data '" + data.name() + "' has " + data.inputWidth() + " inputs and "
                    + data.outputWidth() + " outputs but the network " + net.architecture() + " takes "
                    + net.architecture().inputWidth() + " and gives " + net.architecture().outputWidth());
        }
        this.net = net;
        this.data = data;
        this.activation = net.activation();
        this.loss = net.lossKind();
        double[][] vectors = {plane.mu(), plane.d1(), plane.d2()};
        for (ParameterLayout.Layer layer : net.layout().layers()) {
            INDArray[] w = new INDArray[3];
            INDArray[] b = layer.biasOffset < 0 ? null : new INDArray[3];
            for (int v = 0; v < 3; v++) {
                double[] slice = java.util.Arrays.copyOfRange(vectors[v], layer.weightOffset, layer.weightOffset + layer.weightCount());
                w[v] = Nd4j.createFromArray(slice).reshape('f', layer.inputs, layer.outputs).dup('c');
                if (b != null) {
                    b[v] = Nd4j.createFromArray(java.util.Arrays.copyOfRange(vectors[v], layer.biasOffset,
                            layer.biasOffset + layer.outputs)).reshape(1, layer.outputs);
                }
            }
            weights.add(w);
            biases.add(b);
        }
        INDArray x = data.features();
        xw = x.mmul(weights.get(0)[0]);
        xd1 = x.mmul(weights.get(0)[1]);
        xd2 = x.mmul(weights.get(0)[2]);
        labelArgmax = data.outputWidth() > 1 ? data.labels().argMax(1) : null;
        int layers = weights.size();
        activations = new INDArray[layers];
        combinedWeights = new INDArray[layers];
        combinedBiases = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            INDArray[] w = weights.get(l);
            activations[l] = Nd4j.create(DataType.DOUBLE, data.size(), w[0].columns());
            combinedWeights[l] = w[0].dup();
            combinedBiases[l] = biases.get(l) == null ? null : biases.get(l)[0].dup();
        }
    }

    /** {loss, accuracy} at mu + a d1 + b d2; accuracy is NaN for a single output. Non-finite loss becomes NaN. */
    double[] evaluate(double a, double b) {
        int layers = weights.size();
        INDArray z = activations[0];
        z.assign(xw);
        Nd4j.getBlasWrapper().level1().axpy(z.length(), a, xd1, z);
        Nd4j.getBlasWrapper().level1().axpy(z.length(), b, xd2, z);
        for (int l = 0; l < layers; l++) {
            if (l > 0) {
                INDArray[] w = weights.get(l);
                INDArray combined = combinedWeights[l];
                combined.assign(w[0]);
                Nd4j.getBlasWrapper().level1().axpy(combined.length(), a, w[1], combined);
                Nd4j.getBlasWrapper().level1().axpy(combined.length(), b, w[2], combined);
                z = z.mmuli(combined, activations[l]);
            }
            INDArray[] bias = biases.get(l);
            if (bias != null) {
                INDArray combined = combinedBiases[l];
                combined.assign(bias[0]);
                Nd4j.getBlasWrapper().level1().axpy(combined.length(), a, bias[1], combined);
                Nd4j.getBlasWrapper().level1().axpy(combined.length(), b, bias[2], combined);
                z.addiRowVector(combined);
            }
            if (l < layers - 1) {
                activate(z);
            }
        }
        double value = lossOf(z);
        double accuracy = labelArgmax == null ? Double.NaN
                : z.argMax(1).eq(labelArgmax).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        return new double[]{Double.isFinite(value) ? value : Double.NaN, accuracy};
    }

    private INDArray activate(INDArray z) {
        switch (activation) {
            case TANH:
                return Transforms.tanh(z, false);
            case RELU:
                return Transforms.relu(z, false);
            case LEAKY_RELU:
                return Transforms.leakyRelu(z, 0.01, false);
            default:
                return z;
        }
    }

    private double lossOf(INDArray out) {
        INDArray y = data.labels();
        double m = data.size();
        switch (loss) {
            case SQUARE: {
                INDArray r = out.sub(y);
                return r.muli(r).sumNumber().doubleValue() / m;
            }
            case CROSS_ENTROPY: {
                // log softmax, stabilised by the row maximum
                INDArray shifted = out.subColumnVector(out.max(1).reshape(out.rows(), 1));
                INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false).reshape(out.rows(), 1);
                INDArray logP = shifted.subiColumnVector(logSum);
                // As DL4J's LossMCXENT, which clips softmax outputs to [1e-10, 1 - 1e-10] before the log.
                logP = Transforms.max(logP, Math.log(1e-10), false);
                logP = Transforms.min(logP, Math.log1p(-1e-10), false);
                return -logP.muli(y).sumNumber().doubleValue() / m;
            }
            case LOGISTIC: {
                // As DL4J's LossBinaryXENT: sigmoid outputs clipped to [1e-5, 1 - 1e-5], then binary cross-entropy.
                INDArray p = Transforms.sigmoid(out, true);
                p = Transforms.min(Transforms.max(p, 1e-5, false), 1 - 1e-5, false);
                INDArray logP = Transforms.log(p, true), logQ = Transforms.log(p.rsub(1), false);
                return -(logP.muli(y).sumNumber().doubleValue() + logQ.muli(y.rsub(1)).sumNumber().doubleValue()) / m;
            }
            case HINGE: {
                INDArray margin = y.mul(out).rsubi(1);
                return Transforms.relu(margin, false).sumNumber().doubleValue() / m;
            }
            default:
                throw new IllegalStateException("no fast evaluation for loss " + loss);
        }
    }

    Network network() {
        return net;
    }
}
