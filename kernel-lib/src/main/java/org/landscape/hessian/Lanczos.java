package org.landscape.hessian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.landscape.util.Memory;
import java.util.Random;

/**
 * The extreme eigenvalues of a symmetric operator from a few dozen products, by the Lanczos method with full
 * reorthogonalisation. From a random unit vector q_1 it builds an orthonormal basis q_1..q_j of the Krylov space
 * span{q, A q, ..., A^(j-1) q} in which A is tridiagonal (T_j); the eigenvalues of T_j (Ritz values) approach the
 * extreme eigenvalues of A first. A Ritz value's residual |A y - theta y| equals beta_j |s_j| (the last entry of its
 * eigenvector of T_j times the next off-diagonal), so convergence is known without extra products; it stops when
 * the wanted k residuals are below {@code tolerance} times the largest |Ritz value|.
 *
 * <p><b>Full reorthogonalisation</b> keeps the basis orthonormal to rounding (every new vector is orthogonalised
 * against all previous ones, twice): without it, rounding makes converged eigenvalues reappear as "ghost" copies.
 * It costs j n flops at step j and j n doubles of memory (80 MB for 100 steps at n = 100,000).
 *
 * <p><b>Breakdown.</b> If beta_j is 0 the Krylov space is an invariant subspace of A: its Ritz values are exact
 * eigenvalues, but eigenvalues whose eigenvectors are orthogonal to the start vector were not seen. This is reported
 * in the result's notes; by default the run then continues from a new random vector orthogonal to everything found,
 * so it also finds the rest (with {@code restartOnBreakdown(false)} it stops and returns the invariant subspace's
 * eigenvalues).
 *
 * <p><b>Repeated eigenvalues.</b> One Krylov space holds only one copy of a repeated eigenvalue. With
 * {@code checkMultiplicity} (the default) a converged result is checked by a second run in the orthogonal complement
 * of the eigenvectors found: any eigenvalue there beyond the k-th is added (a copy of a repeated eigenvalue, or one
 * the first run missed). This costs a few more products, usually 10-30.
 */
public final class Lanczos implements EigenSolver {
    /** Residual |A y - theta y| / max|theta| at which a Ritz pair counts as converged. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private double tolerance = DEFAULT_TOLERANCE;
    private int maxSteps;
    // Counted so a test can see that the Ritz checks stay a small share of the steps (thread-safe: solvers are shared).
    private final java.util.concurrent.atomic.AtomicLong decompositions = new java.util.concurrent.atomic.AtomicLong();
    private long seed = 42;
    private double[] start;
    private boolean restartOnBreakdown = true;
    private boolean checkMultiplicity = true;

    public Lanczos tolerance(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance + "; 1e-9 is the default");
        }
        this.tolerance = tolerance;
        return this;
    }

    /** Steps (products) per Krylov run; 0 (the default) means min(n, max(100, 4k + 50)). */
    public Lanczos maxSteps(int maxSteps) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be >= 1, or 0 for the default, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        return this;
    }

    public Lanczos seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The first start vector (random Gaussian when not set). */
    public Lanczos start(double[] start) {
        this.start = start == null ? null : start.clone();
        return this;
    }

    public Lanczos restartOnBreakdown(boolean restart) {
        this.restartOnBreakdown = restart;
        return this;
    }

    public Lanczos checkMultiplicity(boolean check) {
        this.checkMultiplicity = check;
        return this;
    }

    @Override
    public Spectrum largest(LinearOperator a, int k) {
        return solve(a, k, true);
    }

    @Override
    public Spectrum smallest(LinearOperator a, int k) {
        return solve(a, k, false);
    }

    private Spectrum solve(LinearOperator a, int k, boolean top) {
        EigenSolver.checkCount(k, a);
        int n = a.dimension();
        if (start != null) {
            Vectors.check("start", start, n);
            if (Vectors.norm(start) == 0) {
                throw new IllegalArgumentException("start is the zero vector: Lanczos needs a non-zero start vector");
            }
        }
        long t0 = System.nanoTime();
        int steps = maxSteps > 0 ? Math.min(maxSteps, n) : Math.min(n, Math.max(100, 4 * k + 50));
        checkBasisFits(n, steps, k);
        Random random = new Random(seed);
        List<String> notes = new ArrayList<>();
        Run run = new Run(a, k, top, steps, new double[0][], random, start, notes);
        long products = run.products;
        List<double[]> vectors = new ArrayList<>(Arrays.asList(run.vectors));
        List<Double> values = new ArrayList<>();
        for (double v : run.values) {
            values.add(v);
        }
        boolean converged = run.converged;
        if (checkMultiplicity && converged && run.values.length == k && k < n) {
            // Look in the orthogonal complement of the k vectors found for anything beyond the k-th eigenvalue.
            for (int round = 0; round < k && vectors.size() < n; round++) {
                Run more = new Run(a, 1, top, Math.min(steps, n - vectors.size()), vectors.toArray(new double[0][]),
                        random, null, new ArrayList<>());
                products += more.products;
                if (more.values.length == 0) {
                    break;
                }
                double worst = values.get(values.size() - 1);
                double scale = Math.max(Math.abs(worst), Math.abs(values.get(0)));
                double found = more.values[0];
                if (!(top ? found > worst + tolerance * scale : found < worst - tolerance * scale)) {
                    break;
                }
                notes.add(String.format(Locale.ROOT, "a second run in the complement of the %d vectors found "
                        + "eigenvalue %.6g beyond the k-th (a repeated eigenvalue): added", vectors.size(), found));
                values.add(found);
                vectors.add(more.vectors[0]);
                sortAndTrim(values, vectors, k, top);
            }
        }
        if (!converged) {
            notes.add(String.format(Locale.ROOT, "not converged in %d steps: largest relative residual %.2g "
                    + "(tolerance %.0e); raise maxSteps", steps, run.worstResidual, tolerance));
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Spectrum(v, vectors.toArray(new double[0][]), n, "Lanczos", products, seconds, false, converged,
                notes).withOperator(a).holding(top);
    }

    /**
     * Refuses, before any product, a run whose basis would not fit: steps + k vectors of n doubles (the Krylov basis
     * and the locked eigenvectors of the multiplicity check).
     */
    /** The dense eigendecompositions of T_j this solver has made so far, over all its calls. */
    long decompositions() {
        return decompositions.get();
    }

    private static void checkBasisFits(int n, int steps, int k) {
        Memory.require(8L * n * ((long) steps + k), String.format(Locale.ROOT, "Lanczos keeps its whole basis: "
                        + "%d steps + %d eigenvectors of n = %d entries", steps, k, n),
                String.format(Locale.ROOT, "ask for fewer eigenvalues (k = %d), set maxSteps lower, or start the "
                        + "kernel with a larger -Xmx", k));
    }

    private static void sortAndTrim(List<Double> values, List<double[]> vectors, int k, boolean top) {
        Integer[] order = new Integer[values.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> top ? Double.compare(values.get(j), values.get(i))
                : Double.compare(values.get(i), values.get(j)));
        List<Double> v = new ArrayList<>();
        List<double[]> w = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            v.add(values.get(order[i]));
            w.add(vectors.get(order[i]));
        }
        values.clear();
        values.addAll(v);
        vectors.clear();
        vectors.addAll(w);
    }

    /**
     * The tridiagonal matrix T_j of {@code steps} Lanczos steps from {@code start} (no restarts: it stops early at
     * a breakdown, when T_j is exact). Used by stochastic Lanczos quadrature: T_j's eigenvalues are the nodes and
     * the squared first entries of its eigenvectors the weights of a Gauss quadrature for v^T f(A) v.
     */
    static Tridiagonal tridiagonal(LinearOperator a, double[] start, int steps) {
        int n = a.dimension();
        steps = Math.min(steps, n);
        double[][] q = new double[steps][];
        double[] alpha = new double[steps], beta = new double[steps];
        q[0] = Vectors.normalized(start);
        int j = 0;
        for (; j < steps; j++) {
            double[] w = Vectors.checkedProduct(a, q[j]);
            if (j > 0) {
                Vectors.axpy(-beta[j - 1], q[j - 1], w);
            }
            alpha[j] = Vectors.dot(q[j], w);
            Vectors.axpy(-alpha[j], q[j], w);
            Vectors.orthogonalize(w, q, j + 1);
            beta[j] = Vectors.norm(w);
            double scale = 0;
            for (int i = 0; i <= j; i++) {
                scale = Math.max(scale, Math.abs(alpha[i]) + (i > 0 ? beta[i - 1] : 0));
            }
            if (j + 1 == steps || beta[j] <= 1e-12 * Math.max(scale, Double.MIN_NORMAL)) {
                j++;
                break;
            }
            q[j + 1] = w;
            Vectors.scale(1 / beta[j], q[j + 1]);
        }
        return new Tridiagonal(Arrays.copyOf(alpha, j), Arrays.copyOf(beta, Math.max(0, j - 1)));
    }

    /** T = tridiag(beta, alpha, beta) of size alpha.length. */
    static final class Tridiagonal {
        final double[] alpha;
        final double[] beta;

        Tridiagonal(double[] alpha, double[] beta) {
            this.alpha = alpha;
            this.beta = beta;
        }

        int size() {
            return alpha.length;
        }

        DenseMatrix matrix() {
            int m = alpha.length;
            DenseMatrix t = DenseMatrix.zeros(m, m);
            for (int i = 0; i < m; i++) {
                t.set(i, i, alpha[i]);
                if (i + 1 < m) {
                    t.set(i, i + 1, beta[i]);
                    t.set(i + 1, i, beta[i]);
                }
            }
            return t;
        }
    }

    /** One Krylov run, orthogonal to {@code locked}: the k wanted Ritz pairs and whether they converged. */
    private final class Run {
        double[] values = new double[0];
        double[][] vectors = new double[0][];
        long products;
        boolean converged;
        double worstResidual = Double.NaN;

        Run(LinearOperator a, int k, boolean top, int steps, double[][] locked, Random random, double[] first,
            List<String> notes) {
            int n = a.dimension();
            double[][] q = new double[steps][];
            double[] alpha = new double[steps], beta = new double[steps];
            q[0] = startVector(n, first, locked, random);
            if (q[0] == null) {
                return; // the complement of the locked vectors is empty
            }
            int blockStart = 0;
            double bound = 0; // max_i |alpha_i| + beta_i: a bound on |T|, for the breakdown test between checks
            for (int j = 0; j < steps; j++) {
                double[] w = Vectors.checkedProduct(a, q[j]);
                products++;
                if (j > 0) {
                    Vectors.axpy(-beta[j - 1], q[j - 1], w);
                }
                alpha[j] = Vectors.dot(q[j], w);
                Vectors.axpy(-alpha[j], q[j], w);
                Vectors.orthogonalize(w, locked, locked.length);
                Vectors.orthogonalize(w, q, j + 1);
                beta[j] = Vectors.norm(w);

                int size = j + 1;
                bound = Math.max(bound, Math.abs(alpha[j]) + beta[j] + (j > 0 ? beta[j - 1] : 0));
                // The Ritz pairs cost a dense eigendecomposition of T_j: every step while it is small, then every
                // ~size/20 steps (at most 5% more products than needed), and whenever a breakdown is possible.
                boolean check = size <= 40 || size % Math.max(1, size / 20) == 0 || j + 1 == steps
                        || beta[j] <= tolerance * 1e-3 * Math.max(bound, Double.MIN_NORMAL);
                if (!check) {
                    q[j + 1] = w;
                    Vectors.scale(1 / beta[j], q[j + 1]);
                    continue;
                }
                decompositions.incrementAndGet();
                Spectrum ritz = DenseEigen.all(new Tridiagonal(Arrays.copyOf(alpha, size),
                        Arrays.copyOf(beta, size - 1)).matrix(), true);
                double scale = Math.max(Math.abs(ritz.max()), Math.abs(ritz.min()));
                scale = Math.max(scale, Double.MIN_NORMAL);
                int found = Math.min(k, size);
                int[] wanted = new int[found];
                double worst = 0;
                for (int i = 0; i < found; i++) {
                    wanted[i] = top ? size - 1 - i : i;
                    double[] s = ritz.eigenvector(wanted[i]);
                    worst = Math.max(worst, beta[j] * Math.abs(s[size - 1]) / scale);
                }
                worstResidual = worst;
                boolean breakdown = beta[j] <= tolerance * 1e-3 * scale;
                boolean exhausted = breakdown && size + locked.length >= n;
                boolean done = (found == k && worst <= tolerance) || exhausted || j + 1 == steps;
                if (breakdown && !exhausted && !done) {
                    notes.add(String.format(Locale.ROOT, "Lanczos broke down after %d steps: the Krylov space from the "
                            + "start vector is an invariant subspace of dimension %d, whose %d Ritz values are exact "
                            + "eigenvalues%s", size, size - blockStart, size - blockStart,
                            restartOnBreakdown ? "; continued from a new random vector orthogonal to it"
                                    : "; stopped there (restartOnBreakdown is off), so other eigenvalues were not seen"));
                    if (!restartOnBreakdown) {
                        done = true;
                    }
                }
                if (done) {
                    converged = (found == k && worst <= tolerance) || exhausted || (breakdown && !restartOnBreakdown);
                    values = new double[found];
                    vectors = new double[found][];
                    for (int i = 0; i < found; i++) {
                        values[i] = ritz.eigenvalue(wanted[i]);
                        double[] s = ritz.eigenvector(wanted[i]);
                        double[] y = new double[n];
                        for (int t = 0; t < size; t++) {
                            Vectors.axpy(s[t], q[t], y);
                        }
                        vectors[i] = Vectors.normalized(y);
                    }
                    return;
                }
                if (breakdown) {
                    double[][] all = concat(locked, q, size);
                    q[j + 1] = startVector(n, null, all, random);
                    beta[j] = 0;
                    blockStart = size;
                } else {
                    q[j + 1] = w;
                    Vectors.scale(1 / beta[j], q[j + 1]);
                }
            }
        }
    }

    private static double[][] concat(double[][] a, double[][] b, int bCount) {
        double[][] all = Arrays.copyOf(a, a.length + bCount);
        System.arraycopy(b, 0, all, a.length, bCount);
        return all;
    }

    /** A unit vector orthogonal to {@code against}: {@code first} if given, else random; null if none exists. */
    private static double[] startVector(int n, double[] first, double[][] against, Random random) {
        for (int attempt = 0; attempt < 5; attempt++) {
            double[] v = first != null && attempt == 0 ? first.clone() : Vectors.gaussian(n, random);
            double before = Vectors.norm(v);
            Vectors.orthogonalize(v, against, against.length);
            double after = Vectors.norm(v);
            if (after > 1e-8 * before) {
                Vectors.scale(1 / after, v);
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Lanczos (full reorthogonalisation, tolerance %.0e)", tolerance);
    }
}
