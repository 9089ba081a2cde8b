package org.landscape.hessian;

import org.landscape.data.Dataset;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * A {@link Network}'s risk on a fixed sample, computed in plain Java loops instead of DL4J: the same numbers (the
 * tests compare loss and gradient with DL4J's to 1e-12), without DL4J's fixed cost per call (about a millisecond,
 * ten on a loaded machine). For networks of tens to hundreds of parameters that cost dominates, and experiments that
 * need thousands of gradients or hundreds of Hessians (finding many critical points, random parameters by the
 * dozen) run a hundred times faster here. For large networks use the network itself: DL4J's matrix products win.
 *
 * <pre>{@code
 * PlainNetwork f = PlainNetwork.of(net, data);
 * double[] g = f.gradient(theta);                 // = net.gradient(theta, data)
 * DenseMatrix h = f.denseHessian(theta);          // = Hessians.dense(net, data, theta)
 * }</pre>
 */
public final class PlainNetwork {
    private final Network net;
    private final double[][] x;
    private final double[][] y;
    private final int dimension;

    private PlainNetwork(Network net, Dataset data) {
        this.net = net;
        this.x = data.features().toDoubleMatrix();
        this.y = data.labels().toDoubleMatrix();
        this.dimension = (int) net.parameterCount();
    }

    /** The risk of {@code net}'s architecture, activation and loss on {@code data}. */
    public static PlainNetwork of(Network net, Dataset data) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        net.loss(data); // the network's own check of the data's shape
        new Mlp(net, net.parameters()); // refuses losses without second derivatives
        return new PlainNetwork(net, data);
    }

    public int dimension() {
        return dimension;
    }

    /** R(theta) = (1/m) sum_i loss(Phi_theta(x_i), y_i). */
    public double loss(double[] theta) {
        Mlp mlp = new Mlp(net, theta);
        double sum = 0;
        for (int e = 0; e < x.length; e++) {
            sum += exampleLoss(mlp, mlp.forward(x[e]).logits(), y[e]);
        }
        return sum / x.length;
    }

    /** grad R(theta), by backpropagation. */
    public double[] gradient(double[] theta) {
        Mlp mlp = new Mlp(net, theta);
        double[] g = new double[dimension];
        for (int e = 0; e < x.length; e++) {
            Mlp.Pass p = mlp.forward(x[e]);
            Vectors.axpy(1.0 / x.length, mlp.backward(p, mlp.lossGradient(p.logits(), y[e])), g);
        }
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i])) {
                throw new IllegalStateException("the gradient has entry " + i + " = " + g[i]
                        + " at this theta: the loss is not finite there");
            }
        }
        return g;
    }

    /** The Hessian at theta as products, by central differences of the gradient (step as HessianVectorProduct's). */
    public LinearOperator hessian(double[] theta) {
        Vectors.check("theta", theta, dimension);
        double[] at = theta.clone();
        double scale = Math.max(1, Vectors.norm(at));
        return LinearOperator.of(dimension, v -> {
            double vNorm = Vectors.norm(v);
            if (vNorm == 0) {
                return new double[dimension];
            }
            double eps = HessianVectorProduct.DEFAULT_RELATIVE_STEP * scale / vNorm;
            double[] plus = at.clone(), minus = at.clone();
            Vectors.axpy(eps, v, plus);
            Vectors.axpy(-eps, v, minus);
            double[] gp = gradient(plus), gm = gradient(minus);
            for (int i = 0; i < gp.length; i++) {
                gp[i] = (gp[i] - gm[i]) / (2 * eps);
            }
            return gp;
        });
    }

    /** The full Hessian at theta, n products of {@link #hessian(double[])}, symmetrised (entries to ~1e-10). */
    public DenseMatrix denseHessian(double[] theta) {
        DenseMatrix.checkFits(dimension, dimension, "heap");
        DenseMatrix h = DenseMatrix.of(hessian(theta));
        h.requireSymmetric("the finite-difference Hessian", 1e-6);
        return h.symmetrized();
    }

    private static double exampleLoss(Mlp mlp, double[] z, double[] y) {
        double[] out = mlp.link(z);
        double s = 0;
        for (int k = 0; k < z.length; k++) {
            if (mlp.loss == Loss.SQUARE) {
                s += (out[k] - y[k]) * (out[k] - y[k]);
            } else if (mlp.loss == Loss.CROSS_ENTROPY) {
                s -= y[k] == 0 ? 0 : y[k] * Math.log(out[k]);
            } else { // LOGISTIC
                s -= (y[k] == 0 ? 0 : y[k] * Math.log(out[k])) + (y[k] == 1 ? 0 : (1 - y[k]) * Math.log(1 - out[k]));
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return "plain-Java risk of " + net + " on " + x.length + " examples";
    }
}
