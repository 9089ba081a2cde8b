package org.landscape.hessian;

import org.landscape.model.ParameterLayout;

import org.landscape.model.Activation;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * A fully connected network evaluated in plain Java from its flat parameters, one example at a time, with the
 * first and second derivatives of its transfer functions. DL4J gives gradients; the layer-wise Hessian recursion and
 * the per-example Jacobians need the pre-activations and sigma', sigma'' of every unit, which this exposes.
 *
 * <p>Notation (the blog's): a_0 = x; layer l maps its input a_l to h_l = W_l^T a_l + b_l (W_l is nIn x nOut, as in
 * DL4J); a_{l+1} = sigma(h_l) for hidden layers. The last layer's h is the network's pre-link output ("logits"):
 * identity for the square loss, softmax for cross-entropy, sigmoid for the logistic loss.
 */
final class Mlp {
    /** DL4J's leaky ReLU slope for negative inputs. */
    static final double LEAKY_SLOPE = 0.01;

    final ParameterLayout layout;
    final Activation activation;
    final Loss loss;
    final double[] theta;

    Mlp(Network net, double[] theta) {
        this.layout = ParameterLayout.of(net);
        this.activation = net.activation();
        this.loss = net.lossKind();
        if (loss == Loss.HINGE) {
            throw new IllegalArgumentException("the hinge loss has no second derivative (it is piecewise linear): "
                    + "use Loss.SQUARE, CROSS_ENTROPY or LOGISTIC for Hessians");
        }
        Vectors.check("theta", theta, layout.size());
        this.theta = theta;
    }

    /** The pre-activations h[l] and layer inputs a[l] of one example (a[0] = x). */
    static final class Pass {
        final double[][] input;
        final double[][] pre;

        Pass(int layers) {
            input = new double[layers][];
            pre = new double[layers][];
        }

        double[] logits() {
            return pre[pre.length - 1];
        }
    }

    Pass forward(double[] x) {
        int layers = layout.layerCount();
        Pass p = new Pass(layers);
        double[] a = x;
        for (int l = 0; l < layers; l++) {
            p.input[l] = a;
            int nIn = layout.inputs(l), nOut = layout.units(l), w = layout.start(l);
            double[] h = new double[nOut];
            for (int j = 0; j < nOut; j++) {
                double s = layout.hasBiases() ? theta[w + nIn * nOut + j] : 0;
                int col = w + nIn * j;
                for (int i = 0; i < nIn; i++) {
                    s += theta[col + i] * a[i];
                }
                h[j] = s;
            }
            p.pre[l] = h;
            if (l + 1 < layers) {
                double[] next = new double[nOut];
                for (int j = 0; j < nOut; j++) {
                    next[j] = sigma(h[j]);
                }
                a = next;
            }
        }
        return p;
    }

    /** W_l u: the vector over layer l's inputs from one over its units. */
    double[] timesWeights(int l, double[] u) {
        int nIn = layout.inputs(l), nOut = layout.units(l), w = layout.start(l);
        double[] r = new double[nIn];
        for (int j = 0; j < nOut; j++) {
            int col = w + nIn * j;
            double uj = u[j];
            if (uj != 0) {
                for (int i = 0; i < nIn; i++) {
                    r[i] += theta[col + i] * uj;
                }
            }
        }
        return r;
    }

    /** W_l H W_l^T for a symmetric H over layer l's units. */
    double[][] sandwich(int l, double[][] h) {
        int nIn = layout.inputs(l), nOut = layout.units(l);
        double[][] wh = new double[nIn][];
        for (int i = 0; i < nIn; i++) {
            double[] row = new double[nOut]; // (W H)_{i, .} = sum_j W_ij H_j.
            for (int j = 0; j < nOut; j++) {
                double wij = theta[layout.start(l) + i + nIn * j];
                if (wij != 0) {
                    Vectors.axpy(wij, h[j], row);
                }
            }
            wh[i] = row;
        }
        double[][] r = new double[nIn][nIn];
        for (int i = 0; i < nIn; i++) {
            for (int k = 0; k <= i; k++) {
                double s = 0;
                for (int j = 0; j < nOut; j++) {
                    s += wh[i][j] * theta[layout.start(l) + k + nIn * j];
                }
                r[i][k] = s;
                r[k][i] = s;
            }
        }
        return r;
    }

    /**
     * J^T u for one example: the gradient with respect to theta of u . h_L(x), by backpropagation from
     * {@code u} at the logits. With u = e_k it is the k-th row of the Jacobian of the logits.
     */
    double[] backward(Pass p, double[] u) {
        double[] g = new double[layout.size()];
        double[] delta = u;
        for (int l = layout.layerCount() - 1; l >= 0; l--) {
            int nIn = layout.inputs(l), nOut = layout.units(l), w = layout.start(l);
            double[] a = p.input[l];
            for (int j = 0; j < nOut; j++) {
                double d = delta[j];
                if (d != 0) {
                    int col = w + nIn * j;
                    for (int i = 0; i < nIn; i++) {
                        g[col + i] += a[i] * d;
                    }
                    if (layout.hasBiases()) {
                        g[w + nIn * nOut + j] += d;
                    }
                }
            }
            if (l > 0) {
                double[] back = timesWeights(l, delta);
                double[] hPrev = p.pre[l - 1];
                for (int i = 0; i < back.length; i++) {
                    back[i] *= sigmaPrime(hPrev[i]);
                }
                delta = back;
            }
        }
        return g;
    }

    double sigma(double h) {
        switch (activation) {
            case RELU:
                return h > 0 ? h : 0;
            case LEAKY_RELU:
                return h > 0 ? h : LEAKY_SLOPE * h;
            case TANH:
                return Math.tanh(h);
            case LINEAR:
                return h;
            default:
                throw unsupported();
        }
    }

    double sigmaPrime(double h) {
        switch (activation) {
            case RELU:
                return h > 0 ? 1 : 0;
            case LEAKY_RELU:
                return h > 0 ? 1 : LEAKY_SLOPE;
            case TANH: {
                double t = Math.tanh(h);
                return 1 - t * t;
            }
            case LINEAR:
                return 1;
            default:
                throw unsupported();
        }
    }

    /** sigma''(h): 0 for the piecewise-linear functions away from their kink. */
    double sigmaSecond(double h) {
        switch (activation) {
            case RELU:
            case LEAKY_RELU:
            case LINEAR:
                return 0;
            case TANH: {
                double t = Math.tanh(h);
                return -2 * t * (1 - t * t);
            }
            default:
                throw unsupported();
        }
    }

    private IllegalArgumentException unsupported() {
        return new IllegalArgumentException("activation " + activation + " has no derivatives here: add them to Mlp");
    }

    /** The network's output for logits z: z itself, softmax(z) or sigmoid(z). */
    double[] link(double[] z) {
        double[] out = z.clone();
        if (loss == Loss.CROSS_ENTROPY) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : z) {
                max = Math.max(max, v);
            }
            for (int k = 0; k < z.length; k++) {
                out[k] = Math.exp(z[k] - max);
                sum += out[k];
            }
            Vectors.scale(1 / sum, out);
        } else if (loss == Loss.LOGISTIC) {
            for (int k = 0; k < z.length; k++) {
                out[k] = 1 / (1 + Math.exp(-z[k]));
            }
        }
        return out;
    }

    /** dE/dz of one example's loss E with respect to the logits z. */
    double[] lossGradient(double[] z, double[] y) {
        double[] out = link(z);
        double[] g = new double[z.length];
        double ySum = 0;
        for (double v : y) {
            ySum += v;
        }
        for (int k = 0; k < z.length; k++) {
            switch (loss) {
                case SQUARE:
                    g[k] = 2 * (out[k] - y[k]);
                    break;
                case CROSS_ENTROPY:
                    g[k] = ySum * out[k] - y[k];
                    break;
                default: // LOGISTIC
                    g[k] = out[k] - y[k];
            }
        }
        return g;
    }

    /**
     * d^2E/dz^2, the loss's Hessian at the logits: 2 I (square), (sum y)(diag p - p p^T) (softmax cross-entropy),
     * diag(s (1 - s)) (logistic). All are positive semi-definite: the losses are convex in the logits.
     */
    double[][] lossHessian(double[] z, double[] y) {
        int k = z.length;
        double[] out = link(z);
        double[][] h = new double[k][k];
        double ySum = 0;
        for (double v : y) {
            ySum += v;
        }
        for (int a = 0; a < k; a++) {
            switch (loss) {
                case SQUARE:
                    h[a][a] = 2;
                    break;
                case CROSS_ENTROPY:
                    for (int b = 0; b < k; b++) {
                        h[a][b] = ySum * ((a == b ? out[a] : 0) - out[a] * out[b]);
                    }
                    break;
                default: // LOGISTIC
                    h[a][a] = out[a] * (1 - out[a]);
            }
        }
        return h;
    }

    /**
     * A factor U with U U^T = d^2E/dz^2 (K x K), so that J^T (d^2E/dz^2) J = (U^T J)^T (U^T J) is a sum of squares:
     * sqrt(2) I for the square loss, sqrt(sum y) (I - p 1^T) diag(sqrt p) for softmax, diag(sqrt(s(1-s))) for
     * the logistic loss.
     */
    double[][] lossHessianFactor(double[] z, double[] y) {
        int k = z.length;
        double[] out = link(z);
        double ySum = 0;
        for (double v : y) {
            ySum += v;
        }
        double[][] u = new double[k][k];
        for (int a = 0; a < k; a++) {
            switch (loss) {
                case SQUARE:
                    u[a][a] = Math.sqrt(2);
                    break;
                case CROSS_ENTROPY:
                    for (int b = 0; b < k; b++) {
                        u[a][b] = Math.sqrt(ySum) * ((a == b ? 1 : 0) - out[a]) * Math.sqrt(out[b]);
                    }
                    break;
                default:
                    u[a][a] = Math.sqrt(out[a] * (1 - out[a]));
            }
        }
        return u;
    }
}
