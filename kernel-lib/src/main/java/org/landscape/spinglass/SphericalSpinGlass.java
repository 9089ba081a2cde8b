package org.landscape.spinglass;

import java.util.Locale;
import java.util.SplittableRandom;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.hessian.Index;
import org.landscape.stats.Stats;

/**
 * The spherical H-spin glass of the COLT open problem (seed 001, Section 2 and Appendix B): the energy
 * <pre>
 *   L(w) = Lambda^(-(H-1)/2) * sum_{i1..iH} X_{i1..iH} w_i1 w_i2 ... w_iH,     X iid N(0, 1),
 * </pre>
 * on the sphere (1/Lambda) sum_i w_i^2 = 1, i.e. |w|^2 = Lambda. The paper's claim is that a network's loss looks
 * like this function; this class computes its energy, gradients and curvature ({@link RiemannianHessian}, a
 * {@code LinearOperator}) and the index of critical points. The sphere's geometry is in {@link Sphere}.
 *
 * <h2>Where the numbers come from</h2>
 * X is fixed by the seed: the slice X_{a,.,...,.} (first index a) is the stream of {@link SplittableRandom}
 * seeded from (seed, a), read in lexicographic order (last index fastest). {@link #couplingSlice(int)} returns it.
 *
 * <h2>How it is stored</h2>
 * Only the symmetric part of X matters: {@link Couplings} keeps one row per monomial w_a1...w_a(H-1) with
 * a1 <= ... <= a(H-1) (for H = 3: Lambda(Lambda+1)/2 rows instead of Lambda^2, half the memory and the arithmetic),
 * off the Java heap, 4 Lambda^2 (Lambda+1) bytes for H = 3: 501 MB at Lambda = 500, 4 GB at Lambda = 1000. A glass
 * that would not fit in the free off-heap memory is refused before anything is allocated. {@link #close()} frees it.
 *
 * <h2>Threads</h2>
 * Every method may be called from several threads at once: the couplings are read-only and each batched product
 * uses a work space of its own.
 */
public final class SphericalSpinGlass implements AutoCloseable, Displayable {
    /** H = 3, the order of the paper's figures. */
    public static final int DEFAULT_ORDER = 3;
    /** The paper sets eigenvalues smaller than this in magnitude to zero when it counts the index (footnote 3). */
    public static final double PAPER_ZERO_EIGENVALUE = Index.PAPER_TOLERANCE;
    /** |w|^2 may differ from Lambda by this relative amount in the methods that need a point on the sphere. */
    static final double SPHERE_TOLERANCE = 1e-8;

    private final Couplings couplings;
    private final int lambda;
    private final int order;

    private SphericalSpinGlass(int lambda, int order, long seed, long blockBytes) {
        this.couplings = new Couplings(lambda, order, seed, blockBytes);
        this.lambda = lambda;
        this.order = order;
    }

    /** The spherical 3-spin glass of size {@code lambda}, couplings drawn from {@code seed}. */
    public static SphericalSpinGlass of(int lambda, long seed) {
        return new SphericalSpinGlass(lambda, DEFAULT_ORDER, seed, Couplings.BLOCK_BYTES);
    }

    /** The spherical {@code order}-spin glass (H = order >= 2) of size {@code lambda}. */
    public static SphericalSpinGlass of(int lambda, int order, long seed) {
        return new SphericalSpinGlass(lambda, order, seed, Couplings.BLOCK_BYTES);
    }

    /** Tests: coupling blocks of at most {@code blockBytes}, so that small glasses also have several blocks. */
    static SphericalSpinGlass of(int lambda, int order, long seed, long blockBytes) {
        return new SphericalSpinGlass(lambda, order, seed, blockBytes);
    }

    /** Bytes of off-heap memory the couplings of a glass of this size take (8 bytes per entry of B). */
    public static long couplingBytes(int lambda, int order) {
        return Couplings.bytes(lambda, order);
    }

    /**
     * Whether a glass of this size fits in this JVM's free memory: "fits: ..." or the message with which
     * {@link #of(int, int, long)} would refuse it (the memory it needs and the fix), without allocating anything.
     */
    public static String memoryVerdict(int lambda, int order) {
        try {
            Couplings.checkSize(lambda, order);
            return String.format(Locale.ROOT, "fits: a %d-spin glass with lambda = %d takes %.1f MB off-heap", order,
                    lambda, couplingBytes(lambda, order) / 1e6);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The couplings X_{a, i2, ..., iH} with first index {@code a}: Lambda^(H-1) standard normal numbers, in
     * lexicographic order of (i2, ..., iH) (last index fastest). Recomputed from the seed at each call.
     */
    public double[] couplingSlice(int a) {
        if (a < 0 || a >= lambda) {
            throw new IllegalArgumentException("a must be in [0, " + lambda + "), got " + a);
        }
        double[] x = new double[(int) Math.pow(lambda, order - 1)];
        couplings.fillSlice(a, x);
        return x;
    }

    // ---------------------------------------------------------------- sizes

    /** Lambda, the number of coordinates. */
    public int size() {
        return lambda;
    }

    /** H, the degree of the energy. */
    public int order() {
        return order;
    }

    public long seed() {
        return couplings.seed;
    }

    /** Lambda^(-(H-1)/2), the factor in front of the sum. */
    public double normalisation() {
        return couplings.scale;
    }

    /** Rows of the stored coupling matrix: the monomials of degree H - 1, C(Lambda + H - 2, H - 1). */
    public long couplingRows() {
        return couplings.rows;
    }

    /** Bytes the couplings take off the heap. */
    public long couplingBytes() {
        return couplings.rows * lambda * 8L;
    }

    /** Floating-point operations of one gradient of one point: 2 per entry of the coupling matrix. */
    public double flopsPerGradient() {
        return 2.0 * couplings.rows * lambda;
    }

    Couplings couplings() {
        return couplings;
    }

    // ---------------------------------------------------------------- points

    /** A point drawn uniformly on the sphere |w|^2 = Lambda, fixed by {@code pointSeed}. */
    public double[] randomPoint(long pointSeed) {
        return Sphere.uniform(lambda, new SplittableRandom(Seeds.derive(pointSeed, 4)));
    }

    /** {@code w} scaled onto the sphere |w|^2 = Lambda (a new array). */
    public double[] onSphere(double[] w) {
        checkPoint("w", w);
        return Sphere.project(w);
    }

    void checkPoint(String name, double[] w) {
        couplings.checkOpen();
        if (w == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (w.length != lambda) {
            throw new IllegalArgumentException(name + " has " + w.length + " coordinates but the glass has lambda = "
                    + lambda);
        }
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + w[i] + ": coordinates must be finite");
            }
        }
    }

    private void checkOnSphere(String name, double[] w) {
        checkPoint(name, w);
        double r2 = Sphere.dot(w, w);
        if (Math.abs(r2 - lambda) > SPHERE_TOLERANCE * lambda) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s must lie on the sphere |w|^2 = lambda = %d, but |w|^2 = %.10g: pass glass.onSphere(%s)",
                    name, lambda, r2, name));
        }
    }

    // ---------------------------------------------------------------- energy and gradient

    /** L(w), for any w (the formula is a polynomial; on the sphere it is the paper's energy). */
    public double energy(double[] w) {
        checkPoint("w", w);
        return Sphere.dot(w, couplings.gradient(w)) / order; // Euler: w . grad L = H L for a homogeneous polynomial
    }

    /**
     * The Euclidean gradient of L at w. One point is done by a plain loop over the coupling rows (a matrix product
     * for one point costs more to set up than to compute); many points at once by {@link #gradients(double[][])}.
     */
    public double[] gradient(double[] w) {
        checkPoint("w", w);
        return couplings.gradient(w);
    }

    /** The Euclidean gradients of many points, all at once: one matrix product per coupling block. */
    public double[][] gradients(double[][] points) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("points must hold at least one point");
        }
        for (int k = 0; k < points.length; k++) {
            checkPoint("points[" + k + "]", points[k]);
        }
        double[][] out = new double[points.length][lambda];
        Couplings.Workspace ws = couplings.acquire();
        try {
            for (int start = 0; start < points.length; start += ws.capacity) {
                ws.gradients(points, start, Math.min(ws.capacity, points.length - start), out);
            }
        } finally {
            couplings.release(ws);
        }
        return out;
    }

    /** The energies of many points, batched like {@link #gradients(double[][])}. */
    public double[] energies(double[][] points) {
        double[][] g = gradients(points);
        double[] e = new double[points.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = Sphere.dot(points[k], g[k]) / order;
        }
        return e;
    }

    /**
     * The Riemannian gradient on the sphere: the Euclidean gradient minus its radial part,
     * g - (w.g / Lambda) w. It is zero exactly at the critical points of L restricted to the sphere.
     */
    public double[] riemannianGradient(double[] w) {
        checkOnSphere("w", w);
        double[] g = couplings.gradient(w);
        Sphere.tangentInPlace(w, g);
        return g;
    }

    // ---------------------------------------------------------------- curvature

    /** The Euclidean Hessian of L at w (Lambda x Lambda). */
    public double[][] hessian(double[] w) {
        checkPoint("w", w);
        return couplings.hessian(w);
    }

    /** The Riemannian Hessian at w on the sphere, an operator the hessian package's solvers accept. */
    public RiemannianHessian riemannianHessian(double[] w) {
        checkOnSphere("w", w);
        double radial = Sphere.dot(w, couplings.gradient(w)) / lambda;
        return new RiemannianHessian(w, couplings.hessian(w), radial, order);
    }

    /** The Lambda - 1 eigenvalues of the Riemannian Hessian on the tangent space, ascending. */
    public double[] hessianEigenvalues(double[] w) {
        return riemannianHessian(w).eigenvalues();
    }

    /** The index with the paper's convention: eigenvalues below {@link #PAPER_ZERO_EIGENVALUE} in magnitude are 0. */
    public int index(double[] w) {
        return Index.count(hessianEigenvalues(w));
    }

    /**
     * The radius of the semicircle that the Riemannian Hessian's spectrum fills, measured at {@code points} random
     * points: twice the standard deviation of the tangent eigenvalues (a semicircle of radius R has variance
     * R^2 / 4), averaged. The theory behind the complexity formulas says R = 2 sqrt(H (H - 1)) and that minima become
     * typical where the shift -H u pushes the whole semicircle above zero, at u = -R / H = -E_inf: this measures
     * E_inf from the couplings, independently of the formula.
     */
    public double semicircleRadius(int points, long pointSeed) {
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, got " + points);
        }
        double sum = 0;
        for (int p = 0; p < points; p++) {
            sum += 2 * Stats.std(hessianEigenvalues(randomPoint(Seeds.derive(pointSeed, 6, p))));
        }
        return sum / points;
    }

    // ---------------------------------------------------------------- display

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "spherical %d-spin glass, lambda = %d, seed %d: couplings %,d x %d doubles = %.1f MB off-heap%s",
                order, lambda, couplings.seed, couplings.rows, lambda, couplingBytes() / 1e6, isClosed() ? " (closed)" : "");
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(summary());
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Frees the couplings now rather than when the garbage collector gets to them. */
    @Override
    public void close() {
        couplings.close();
    }

    public boolean isClosed() {
        return couplings.isClosed();
    }
}
