package org.landscape.hessian;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * The Hessian H of the risk R_S(theta) at a fixed theta, as an operator: H v by central differences of gradients,
 *
 * <pre>  H v ~ (grad R(theta + eps v) - grad R(theta - eps v)) / (2 eps),</pre>
 *
 * two gradients per product, in double precision, whatever the size of the network. This is why the Hessian is
 * usable at all for large networks: the n x n matrix is never formed.
 *
 * <p><b>Step and accuracy.</b> eps is chosen so that the perturbation has length
 * {@code relativeStep * max(1, |theta|)}. The truncation error is of order (eps |v|)^2 times third derivatives, the
 * rounding error of order 1e-16 |grad| / eps; the default 1e-6 balances them at ~1e-10 relative (measured in the
 * tests against closed forms and the exact layer recursion; a step of 1e-4 leaves ~1e-7, 1e-7 rounding errors of
 * ~1e-9). {@link #fourthOrder()} uses four gradients, error of order (eps |v|)^4, for ~1e-11 on smooth networks.
 *
 * <p>{@link #exact()} computes H v instead by Pearlmutter's R-operator ({@link Risk#hessianTimes}): exact to rounding,
 * about three gradients' work, and the one to use for ReLU networks, where a difference of gradients that straddles a
 * kink (some unit's pre-activation within eps of 0 on some example) jumps and gives no Hessian at all (measured: at
 * SGD solutions of 100-25-10 ReLU networks on 2,400 digits, central differences gave Lanczos residuals of 6.7 and
 * "eigenvalues" of -2.2).
 *
 * <p>Gradients come from {@link Risk} (the network's own numbers on plain arrays, ~3x faster than DL4J at 100k
 * parameters), or, for a model that is not a {@link Network}, from any {@link Differentiable} ({@link #of}: an
 * adapted DL4J model of one's own, differences only); the network itself is never changed. A gradient with NaN or
 * infinite entries stops the product with a message saying where.
 */
public final class HessianVectorProduct implements LinearOperator {
    /** Perturbation length relative to max(1, |theta|) for central differences. */
    public static final double DEFAULT_RELATIVE_STEP = org.landscape.model.Curvature.RELATIVE_STEP;
    /** The same for the fourth-order formula, whose truncation error falls faster with the step. */
    public static final double DEFAULT_FOURTH_ORDER_STEP = 1e-5;

    private final Network net;
    private final Dataset data;
    private final Differentiable risk;
    /** The library's risk when there is one: what {@link #exact()} needs. */
    private final Risk exactSource;
    private final double[] theta;
    private final double thetaScale;
    private final double relativeStep;
    private final boolean fourthOrder;
    private final boolean exact;
    private long gradientCount;

    /**
     * A function of theta with a gradient: what the products difference. {@link Risk} is one; an adapted DL4J model
     * of one's own ({@code org.landscape.adapt.Dl4jModel}) is another.
     */
    public interface Differentiable {
        /** The length of theta. */
        int dimension();

        /** The function at theta. */
        double value(double[] theta);

        /** Its gradient at theta, in double precision. */
        double[] gradient(double[] theta);
    }

    private HessianVectorProduct(Risk risk, double[] theta, double relativeStep, boolean fourthOrder) {
        this(risk.network(), risk.data(), risk, new Differentiable() {
            @Override
            public int dimension() {
                return risk.dimension();
            }

            @Override
            public double value(double[] point) {
                return risk.value(point);
            }

            @Override
            public double[] gradient(double[] point) {
                return risk.gradient(point);
            }
        }, theta, relativeStep, fourthOrder, false);
    }

    private HessianVectorProduct(Network net, Dataset data, Risk exactSource, Differentiable risk, double[] theta,
                                 double relativeStep, boolean fourthOrder, boolean exact) {
        this.net = net;
        this.data = data;
        this.exactSource = exactSource;
        this.exact = exact;
        this.risk = risk;
        this.theta = theta;
        this.thetaScale = Math.max(1, Vectors.norm(theta));
        this.relativeStep = relativeStep;
        this.fourthOrder = fourthOrder;
    }

    /** The Hessian at the network's current parameters. */
    public static HessianVectorProduct at(Network net, Dataset data) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
        return at(net, data, net.parameters());
    }

    /** The Hessian at {@code theta}; the network itself is left as it is. */
    public static HessianVectorProduct at(Network net, Dataset data, double[] theta) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        Vectors.check("theta", theta, (int) net.parameterCount());
        net.loss(theta, data); // fails early, with the network's own message, on data of the wrong shape
        return new HessianVectorProduct(Risk.of(net, data), theta.clone(), DEFAULT_RELATIVE_STEP, false);
    }

    /** The Hessian of {@code risk} at {@code theta}. */
    public static HessianVectorProduct at(Risk risk, double[] theta) {
        if (risk == null) {
            throw new IllegalArgumentException("risk must not be null");
        }
        Vectors.check("theta", theta, risk.dimension());
        return new HessianVectorProduct(risk, theta.clone(), DEFAULT_RELATIVE_STEP, false);
    }

    /**
     * The Hessian of any differentiable function {@code f} at {@code theta}, by the same central differences of its
     * gradients (e.g. an adapted DL4J model: {@link #network()} and {@link #data()} are then null).
     */
    public static HessianVectorProduct of(Differentiable f, double[] theta) {
        if (f == null) {
            throw new IllegalArgumentException("f must not be null: pass the model whose Hessian is wanted");
        }
        Vectors.check("theta", theta, f.dimension());
        return new HessianVectorProduct(null, null, null, f, theta.clone(), DEFAULT_RELATIVE_STEP, false, false);
    }

    /** The same operator with another relative step (see the class comment). */
    public HessianVectorProduct withRelativeStep(double step) {
        if (!(step > 0 && step < 1)) {
            throw new IllegalArgumentException("step must be in (0, 1), got " + step
                    + "; 1e-4 (central) or 1e-3 (fourth order) are good choices");
        }
        return new HessianVectorProduct(net, data, exactSource, risk, theta, step, fourthOrder, false);
    }

    /**
     * Four gradients per product, error O(eps^4): for reference Hessians of smooth networks, twice the cost. Its
     * stencil reaches 2 eps = 2e-5 |theta| away, twenty times further than the central one: with ReLU it is more
     * likely to straddle a kink.
     */
    public HessianVectorProduct fourthOrder() {
        double step = relativeStep == DEFAULT_RELATIVE_STEP ? DEFAULT_FOURTH_ORDER_STEP : relativeStep;
        return new HessianVectorProduct(net, data, exactSource, risk, theta, step, true, false);
    }

    /**
     * The same Hessian by the exact R-operator ({@link Risk#hessianTimes}) instead of differences of gradients; only
     * for the library's own networks (an adapted model has no R-operator: {@link #of} keeps differences).
     */
    public HessianVectorProduct exact() {
        if (exactSource == null) {
            throw new IllegalStateException("exact() needs the library's Risk (HessianVectorProduct.at(net, data) or "
                    + "at(risk, theta)); " + risk + " offers gradients only: use the central differences of of(f, theta)");
        }
        return new HessianVectorProduct(net, data, exactSource, risk, theta, relativeStep, false, true);
    }

    /** Whether products are exact ({@link #exact()}) rather than differences of gradients. */
    public boolean isExact() {
        return exact;
    }

    @Override
    public int dimension() {
        return theta.length;
    }

    /** A copy of the point at which this is the Hessian. */
    public double[] theta() {
        return theta.clone();
    }

    /** The network, or null for {@link #of(Differentiable, double[])}. */
    public Network network() {
        return net;
    }

    public Dataset data() {
        return data;
    }

    /** Gradients computed so far by this operator (2 per product, 4 with {@link #fourthOrder()}). */
    public long gradientCount() {
        return gradientCount;
    }

    /** Gradient evaluations per product (0 for {@link #exact()}: one R-operator pass instead). */
    public int gradientsPerProduct() {
        return exact ? 0 : fourthOrder ? 4 : 2;
    }

    /** The dense matrix, by the one finite-difference assembly and symmetrisation policy ({@link Hessians#dense}). */
    @Override
    public DenseMatrix dense() {
        return Hessians.dense(this);
    }

    /** grad R(theta), one gradient; with {@link #apply} it gives H g, the gradient of |grad R|^2 / 2. */
    public double[] gradient() {
        return gradientAt(theta, 0, null);
    }

    @Override
    public double[] apply(double[] v) {
        Vectors.check("v", v, theta.length);
        if (exact) {
            double[] hv = exactSource.hessianTimes(theta, v);
            for (int i = 0; i < hv.length; i++) {
                if (!Double.isFinite(hv[i])) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "H v has entry %d = %s (the loss at theta "
                            + "is %s): the Hessian is not defined there; check theta", i, hv[i], risk.value(theta)));
                }
            }
            return hv;
        }
        double vNorm = Vectors.norm(v);
        if (vNorm == 0) {
            return new double[theta.length];
        }
        double eps = relativeStep * thetaScale / vNorm;
        double[] plus = gradientAt(v, eps, "+");
        double[] minus = gradientAt(v, -eps, "-");
        double[] hv = new double[theta.length];
        if (!fourthOrder) {
            for (int i = 0; i < hv.length; i++) {
                hv[i] = (plus[i] - minus[i]) / (2 * eps);
            }
            return hv;
        }
        double[] plus2 = gradientAt(v, 2 * eps, "+2");
        double[] minus2 = gradientAt(v, -2 * eps, "-2");
        for (int i = 0; i < hv.length; i++) {
            hv[i] = (8 * (plus[i] - minus[i]) - (plus2[i] - minus2[i])) / (12 * eps);
        }
        return hv;
    }

    /** grad R(theta + t v) (or grad R(theta) when label is null, with v = theta). */
    private double[] gradientAt(double[] v, double t, String label) {
        double[] point = theta.clone();
        if (label != null) {
            Vectors.axpy(t, v, point);
        }
        double[] g = risk.gradient(point);
        gradientCount++;
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i])) {
                String where = label == null ? "theta" : String.format(Locale.ROOT, "theta %s %.3g v",
                        t < 0 ? "-" : "+", Math.abs(t));
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the gradient at %s has entry %d = %s (the loss there is %s): the Hessian is not defined "
                                + "there; check theta (overflowing activations, log of 0) or use a smaller step",
                        where, i, g[i], risk.value(point)));
            }
        }
        return g;
    }

    @Override
    public String toString() {
        String of = net == null ? risk.toString() : net + " on '" + data.name() + "'";
        if (exact) {
            return String.format(Locale.ROOT, "Hessian-vector product of %s (exact: R-operator)", of);
        }
        return String.format(Locale.ROOT, "Hessian-vector product of %s (%s differences, relative step %.0e)",
                of, fourthOrder ? "fourth-order" : "central", relativeStep);
    }
}
