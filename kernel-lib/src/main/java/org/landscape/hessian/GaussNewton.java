package org.landscape.hessian;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Curvature;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Proposition 12.5's split of the Hessian of the risk R = (1/m) sum_i E(z_i, y_i), z_i = Phi(x_i) the last layer's
 * outputs, into two operators, all three computed by the one engine ({@link Risk}, through its {@link Curvature}):
 *
 * <pre>
 *   H = H0 + H1,   H0 = (1/m) sum_i J_i^T (d^2E/dz^2) J_i   (J_i = dz_i/dtheta: PSD for the convex losses, independent
 *                                                            of the labels for the square loss, where it is (2/m) sum J^T J)
 *                  H1 = (1/m) sum_i sum_k r_ik d^2 z_ik/dtheta^2   (r_i = dE/dz_i; for the square loss 2 e_i)
 * </pre>
 *
 * Each part is computed on its own, so that H0 + H1 = H is something to check, not a definition:
 * <ul>
 * <li>{@link #h0Operator()}: exact, J v by forward-mode differentiation and J^T by backpropagation, for every loss
 * (square, cross-entropy, logistic; for the hinge loss, piecewise linear in z, it is 0);</li>
 * <li>{@link #h1Operator()}: central differences of the frozen-residual gradient (1/m) sum J(t)^T r_i;</li>
 * <li>{@link #hessian()}: central differences of the risk's gradient.</li>
 * </ul>
 * Each is a {@link LinearOperator} (restrict it to a layer with {@code restrictedTo(layout.layer(l))}); {@link #h0()},
 * {@link #h1()} are their {@code dense()} matrices. The network is never changed: a split can be used from several
 * threads. {@link #scaled(double)} is the book's lambda-scaling H0 + lambda H1 for the square loss.
 */
public final class GaussNewton {
    private final Network net;
    private final Dataset data;
    private final Risk risk;
    private final Curvature curvature;

    private GaussNewton(Network net, Dataset data, double[] theta) {
        this.net = net;
        this.data = data;
        this.risk = Risk.of(net, data);
        this.curvature = risk.curvature(theta);
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
        Vectors.check("theta", theta, (int) net.parameterCount());
        return new GaussNewton(net, data, theta);
    }

    public Network network() {
        return net;
    }

    public Dataset data() {
        return data;
    }

    public double[] theta() {
        return curvature.theta();
    }

    public int dimension() {
        return curvature.dimension();
    }

    /** e_i = Phi(x_i) - y_i (the network's outputs, after softmax or sigmoid if the loss has one), one row per example. */
    public double[][] errors() {
        double[][] z = curvature.outputs(), y = data.labels().toDoubleMatrix();
        Loss loss = net.lossKind();
        for (int i = 0; i < z.length; i++) {
            z[i] = loss.output(z[i]);
            for (int k = 0; k < z[i].length; k++) {
                z[i][k] -= y[i][k];
            }
        }
        return z;
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
        double[][] y = data.labels().toDoubleMatrix(), e = errors();
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < y[i].length; k++) {
                y[i][k] += (1 - lambda) * e[i][k]; // Phi - lambda e = y + e - lambda e
            }
        }
        return new Dataset(data.name() + String.format(Locale.ROOT, " (errors x %g)", lambda), data.features(),
                Nd4j.createFromArray(y));
    }

    /** H0 as a matrix: {@code h0Operator().dense()} (exact to rounding). */
    public DenseMatrix h0() {
        return h0Operator().dense();
    }

    /** H0 v, exact, for every loss. */
    public LinearOperator h0Operator() {
        return named(curvature::gaussNewtonTimes, "H0, the Gauss-Newton part");
    }

    /** H1 v, by central differences of the frozen-residual gradient (~1e-10 relative), for every loss. */
    public LinearOperator h1Operator() {
        return named(curvature::residualTimes, "H1, the residual part");
    }

    /**
     * H1 as a matrix, from n products of {@link #h1Operator()}, symmetrised. H1 may be ~0 (a linear model, a perfect
     * fit): its asymmetry is judged against the size of H0 + H1.
     */
    public DenseMatrix h1() {
        LinearOperator h1 = h1Operator();
        return DenseMatrix.assemble(h1, "the finite-difference H1", h0().maxAbs());
    }

    /** The Hessian of the loss at theta, as Hessian-vector products of the same engine. */
    public HessianVectorProduct hessian() {
        return HessianVectorProduct.at(risk, curvature.theta());
    }

    /** H^lambda = H0 + lambda H1: the Hessian on S^lambda (see {@link #scaledData(double)}; square loss). */
    public HessianVectorProduct scaled(double lambda) {
        if (net.lossKind() != Loss.SQUARE) {
            throw new IllegalArgumentException("scaled follows Proposition 12.5, which is about the square loss; this "
                    + "network uses " + net.lossKind() + ": use LinearOperator.combination(1, h0Operator(), lambda, "
                    + "h1Operator()) instead");
        }
        return HessianVectorProduct.at(net, scaledData(lambda), curvature.theta());
    }

    private LinearOperator named(java.util.function.UnaryOperator<double[]> product, String what) {
        return LinearOperator.of(dimension(), product, what + " of the Hessian of " + net + " on '" + data.name() + "'");
    }
}
