package org.landscape.hessian;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proposition 12.5's split of the Hessian of the square loss R = (1/m) sum_i |e_i|^2, e_i = Phi(x_i) - y_i:
 *
 * <pre>
 *   H = H0 + H1,   H0 = (2/m) sum_i J_i^T J_i   (J_i = dPhi(x_i)/dtheta: PSD, independent of the labels)
 *                  H1 = (2/m) sum_i sum_k e_ik d^2 Phi_k(x_i)/dtheta^2   (symmetric, linear in the errors)
 * </pre>
 *
 * Every part is computed on its own, so that H0 + H1 = H is something to check, not a definition:
 * <ul>
 * <li>{@link #h0()}: exactly, from per-example Jacobians by backpropagation in plain Java (rounding only, ~1e-15
 * relative); for the other losses it is the generalised Gauss-Newton matrix (1/m) sum J^T (d^2E/dz^2) J at the
 * logits z.</li>
 * <li>{@link #h0Operator()}: matrix-free, for any size: J v by central differences of the outputs (error ~1e-10
 * relative), then (2/m) J^T (J v) as the gradient of the loss with labels y' = Phi - J v.</li>
 * <li>{@link #h1Operator()}: the Hessian of theta -> (2/m) sum_i e_i . Phi_theta(x_i) with the errors frozen at their
 * values at theta, by central differences of its gradient (2/m) J^T e (again a gradient with shifted labels).</li>
 * <li>{@link #hessian()}: the Hessian-vector product of the loss itself.</li>
 * <li>{@link #scaled(double)}: H^lambda = H0 + lambda H1, the book's lambda-scaling, as the Hessian of the loss on
 * the sample S^lambda whose errors are lambda e (labels Phi(x_i) - lambda e_i).</li>
 * </ul>
 */
public final class GaussNewton {
    private final Network net;
    private final Dataset data;
    private final double[] theta;
    private final INDArray outputs;

    private GaussNewton(Network net, Dataset data, double[] theta) {
        this.net = net;
        this.data = data;
        this.theta = theta;
        this.outputs = outputsAt(net, theta, data.features());
    }

    /** The split at the network's current parameters. */
    public static GaussNewton at(Network net, Dataset data) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
        return at(net, data, net.parameters());
    }

    public static GaussNewton at(Network net, Dataset data, double[] theta) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        net.loss(theta, data); // the network's own checks of theta and of the data's shape
        return new GaussNewton(net, data, theta.clone());
    }

    public Network network() {
        return net;
    }

    public Dataset data() {
        return data;
    }

    public double[] theta() {
        return theta.clone();
    }

    public int dimension() {
        return theta.length;
    }

    /** e_i = Phi(x_i) - y_i, one row per example. */
    public double[][] errors() {
        return outputs.sub(data.labels()).toDoubleMatrix();
    }

    /** R = (1/m) sum |e_i|^2 computed from the errors. */
    public double risk() {
        double s = 0;
        for (double[] row : errors()) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s / data.size();
    }

    /**
     * S^lambda: the same inputs with labels Phi_theta(x_i) - lambda e_i, so that the errors at theta are lambda
     * times the original ones (lambda = 1 gives back the sample, lambda = 0 a sample that theta fits exactly).
     */
    public Dataset scaledData(double lambda) {
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number, got " + lambda);
        }
        INDArray e = outputs.sub(data.labels());
        INDArray labels = outputs.sub(e.mul(lambda));
        return new Dataset(data.name() + String.format(Locale.ROOT, " (errors x %g)", lambda), data.features(), labels);
    }

    /**
     * H0 exactly: (1/m) sum_i J_i^T (d^2E/dz^2) J_i from backpropagated Jacobians, as (U^T J)^T (U^T J) with
     * U U^T = d^2E/dz^2, so it is PSD up to rounding. For the square loss this is (2/m) sum J_i^T J_i.
     */
    public DenseMatrix h0() {
        Mlp mlp = new Mlp(net, theta);
        int n = theta.length, k = net.architecture().outputWidth(), m = data.size();
        DenseMatrix.checkFits((long) m * k, n, "heap (for the Jacobians)");
        DenseMatrix.checkFits(n, n, "heap");
        double[][] x = data.features().toDoubleMatrix(), y = data.labels().toDoubleMatrix();
        double[] rows = new double[m * k * n];
        double[] unit = new double[k];
        for (int e = 0; e < m; e++) {
            Mlp.Pass p = mlp.forward(x[e]);
            double[][] jac = new double[k][];
            for (int c = 0; c < k; c++) {
                unit[c] = 1;
                jac[c] = mlp.backward(p, unit);
                unit[c] = 0;
            }
            double[][] u = mlp.lossHessianFactor(p.logits(), y[e]);
            for (int c = 0; c < k; c++) { // row (e, c) = sqrt(1/m) sum_a U_ac J_a
                int row = (e * k + c) * n;
                for (int a = 0; a < k; a++) {
                    double w = u[a][c] / Math.sqrt(m);
                    if (w != 0) {
                        for (int i = 0; i < n; i++) {
                            rows[row + i] += w * jac[a][i];
                        }
                    }
                }
            }
        }
        INDArray g = Nd4j.create(rows, new long[]{(long) m * k, n}, DataType.DOUBLE);
        INDArray h0 = g.transpose().mmul(g);
        DenseMatrix result = DenseMatrix.of(h0).symmetrized();
        g.close();
        h0.close();
        return result;
    }

    /** H0 v without forming H0 (square loss): J v by differences of outputs, then a gradient. */
    public LinearOperator h0Operator() {
        requireSquareLoss("h0Operator");
        return LinearOperator.of(theta.length, v -> {
            if (Vectors.norm(v) == 0) {
                return new double[theta.length];
            }
            double eps = step(v);
            double[] plus = shifted(v, eps), minus = shifted(v, -eps);
            INDArray jv = outputsAt(net, plus, data.features()).sub(outputsAt(net, minus, data.features()))
                    .div(2 * eps);
            // grad of (1/m) sum |Phi - y'|^2 at theta with y' = Phi(theta) - J v is (2/m) sum J^T (J v).
            Dataset shifted = new Dataset(data.name() + " (J v)", data.features(), outputs.sub(jv));
            return checked(net.gradient(theta, shifted), "H0 v");
        });
    }

    /** H1 v (square loss): central differences of the frozen-error gradient g1(t) = (2/m) sum J(t)^T e. */
    public LinearOperator h1Operator() {
        requireSquareLoss("h1Operator");
        INDArray e = outputs.sub(data.labels());
        return LinearOperator.of(theta.length, v -> {
            if (Vectors.norm(v) == 0) {
                return new double[theta.length];
            }
            double eps = step(v);
            double[] plus = shifted(v, eps), minus = shifted(v, -eps);
            double[] gp = frozenErrorGradient(plus, e), gm = frozenErrorGradient(minus, e);
            double[] hv = new double[theta.length];
            for (int i = 0; i < hv.length; i++) {
                hv[i] = (gp[i] - gm[i]) / (2 * eps);
            }
            return hv;
        });
    }

    /** The central-difference step along v, as HessianVectorProduct chooses it. */
    private double step(double[] v) {
        return HessianVectorProduct.DEFAULT_RELATIVE_STEP * Math.max(1, Vectors.norm(theta)) / Vectors.norm(v);
    }

    /** theta + t v. */
    private double[] shifted(double[] v, double t) {
        double[] point = theta.clone();
        Vectors.axpy(t, v, point);
        return point;
    }

    /** (2/m) J(t)^T e as the loss gradient at t with labels Phi_t(x) - e. */
    private double[] frozenErrorGradient(double[] t, INDArray e) {
        INDArray phi = outputsAt(net, t, data.features());
        Dataset frozen = new Dataset(data.name() + " (frozen errors)", data.features(), phi.sub(e));
        return checked(net.gradient(t, frozen), "H1 v");
    }

    /** H1 as a dense matrix, from n products of {@link #h1Operator()} (finite differences, ~1e-9), symmetrised. */
    public DenseMatrix h1() {
        requireSquareLoss("h1");
        DenseMatrix m = DenseMatrix.of(h1Operator());
        // H1 may be ~0 (a linear model, a perfect fit): judge its asymmetry against the size of H0 + H1.
        m.requireSymmetric("the finite-difference H1", 1e-6, Math.max(m.maxAbs(), h0().maxAbs()));
        return m.symmetrized();
    }

    /** The Hessian of the loss at theta, as Hessian-vector products. */
    public HessianVectorProduct hessian() {
        return HessianVectorProduct.at(net, data, theta);
    }

    /** H^lambda = H0 + lambda H1: the Hessian on S^lambda (see {@link #scaledData(double)}). */
    public HessianVectorProduct scaled(double lambda) {
        requireSquareLoss("scaled");
        return HessianVectorProduct.at(net, scaledData(lambda), theta);
    }

    private void requireSquareLoss(String what) {
        if (net.lossKind() != Loss.SQUARE) {
            throw new IllegalArgumentException(what + " follows Proposition 12.5, which is about the square loss; this "
                    + "network uses " + net.lossKind() + ". h0() gives the generalised Gauss-Newton matrix for it");
        }
    }

    private static double[] checked(double[] g, String what) {
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i])) {
                throw new IllegalStateException(what + ": the gradient has entry " + i + " = " + g[i]
                        + ": the loss is not finite near theta; check the parameters");
            }
        }
        return g;
    }

    /** Phi_t(x) for all inputs, leaving the network's parameters as they were (also on failure). */
    static INDArray outputsAt(Network net, double[] t, INDArray x) {
        double[] saved = net.parameters();
        try {
            net.setParameters(t);
            return net.output(x).dup();
        } finally {
            net.setParameters(saved);
        }
    }
}
