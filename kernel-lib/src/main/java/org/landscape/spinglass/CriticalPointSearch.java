package org.landscape.spinglass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.landscape.display.Progress;
import org.landscape.hessian.Index;

/**
 * Finds critical points of every index, not only minima: gradient descent only finds minima (saddles repel it),
 * so each start takes a random number of descent steps (to reach a random energy level) and then runs Newton's
 * method on the sphere, which converges to the nearest critical point whatever its index. Newton's step solves
 * Hess_S d = -grad_S in the tangent space (with the eigen-decomposition of the {@link RiemannianHessian} by the
 * shared {@code DenseEigen}), so it is meant for small Lambda (a few hundred at most). Distinct points are kept, with energy and index.
 *
 * <pre>{@code
 * CriticalPoints found = CriticalPointSearch.starts(300).maxDescentSteps(80).seed(3).run(glass);
 * }</pre>
 * Interrupting {@link #run} keeps what was found; running it again continues with the next start.
 */
public final class CriticalPointSearch {
    private final int starts;
    private int maxDescentSteps = 60;
    private double tolerance = 1e-10;
    private int maxIterations = 60;
    private long seed;

    private int lambda = -1;
    private long glassSeed;
    private int order;
    private int nextStart;
    private final List<double[]> points = new ArrayList<>();
    private final List<Double> energies = new ArrayList<>();
    private final List<Integer> indices = new ArrayList<>();
    private final List<Double> smallest = new ArrayList<>();
    private int failures;
    private int duplicates;
    private final AtomicBoolean running = new AtomicBoolean();

    private CriticalPointSearch(int starts) {
        if (starts < 1) {
            throw new IllegalArgumentException("starts must be >= 1, got " + starts);
        }
        this.starts = starts;
    }

    public static CriticalPointSearch starts(int starts) {
        return new CriticalPointSearch(starts);
    }

    /** Each start first takes a uniform random number of descent steps in [0, maxDescentSteps] (default 60). */
    public CriticalPointSearch maxDescentSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("maxDescentSteps must be >= 0, got " + steps);
        }
        this.maxDescentSteps = steps;
        return this;
    }

    /** Newton stops when |grad_S| / sqrt(Lambda) <= tolerance (default 1e-10). */
    public CriticalPointSearch tolerance(double tolerance) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        this.tolerance = tolerance;
        return this;
    }

    public CriticalPointSearch maxIterations(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + iterations);
        }
        this.maxIterations = iterations;
        return this;
    }

    public CriticalPointSearch seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Runs the remaining starts and returns every distinct critical point found so far. */
    public CriticalPoints run(SphericalSpinGlass glass) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this search is already running in another thread: give each thread its "
                    + "own CriticalPointSearch; several searches may share one glass");
        }
        try {
            return runAlone(glass);
        } finally {
            running.set(false);
        }
    }

    private CriticalPoints runAlone(SphericalSpinGlass glass) {
        if (lambda < 0) {
            lambda = glass.size();
            order = glass.order();
            glassSeed = glass.seed();
        } else if (glass.size() != lambda || glass.order() != order || glass.seed() != glassSeed) {
            throw new IllegalArgumentException("glass: this search was started on another glass (lambda = " + lambda
                    + ", order " + order + ", seed " + glassSeed + "); pass that one or create a new search");
        }
        double eta = Descent.defaultStepSize(order);
        try (Progress progress = Progress.resume("critical points, lambda=" + lambda + ": starts", starts, nextStart)) {
            while (nextStart < starts) {
                progress.step(0);
                int s = nextStart;
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 5, s));
                double[] w = Sphere.uniform(lambda, random);
                int descentSteps = random.nextInt(maxDescentSteps + 1);
                for (int t = 0; t < descentSteps; t++) {
                    Sphere.step(w, glass.riemannianGradient(w), -eta);
                }
                double[] critical = newton(glass, w, maxIterations, tolerance);
                if (critical == null) {
                    failures++;
                } else if (isNew(critical)) {
                    double[] ev = glass.hessianEigenvalues(critical);
                    points.add(critical);
                    energies.add(glass.energy(critical));
                    indices.add(Index.count(ev));
                    smallest.add(ev[0]);
                } else {
                    duplicates++;
                }
                nextStart++;
                progress.step();
            }
        }
        return result();
    }

    private boolean isNew(double[] w) {
        for (double[] p : points) {
            double d2 = 0;
            for (int i = 0; i < w.length; i++) {
                d2 += (w[i] - p[i]) * (w[i] - p[i]);
            }
            if (d2 < 1e-12 * lambda) {
                return false;
            }
        }
        return true;
    }

    public CriticalPoints result() {
        double[] e = new double[points.size()], ev = new double[points.size()];
        int[] k = new int[points.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = energies.get(i);
            k[i] = indices.get(i);
            ev[i] = smallest.get(i);
        }
        return new CriticalPoints(lambda, order, nextStart, failures, duplicates, e, k, ev,
                points.toArray(new double[0][]));
    }

    /**
     * Newton's method on the sphere from {@code start}: returns a critical point (|grad_S| / sqrt(Lambda) <=
     * tolerance) or null if it did not get there in {@code maxIterations}. Steps longer than sqrt(Lambda) / 2 are
     * shortened to that length (far from a critical point the quadratic model is not to be trusted).
     */
    public static double[] newton(SphericalSpinGlass glass, double[] start, int maxIterations, double tolerance) {
        double[] w = glass.onSphere(start);
        double sqrtN = Math.sqrt(w.length);
        for (int it = 0; it <= maxIterations; it++) {
            double[] r = glass.riemannianGradient(w);
            if (Math.sqrt(Sphere.dot(r, r)) / sqrtN <= tolerance) {
                return w;
            }
            if (it == maxIterations) {
                break;
            }
            double[] step = glass.riemannianHessian(w).newtonDirection(r);
            double len = Math.sqrt(Sphere.dot(step, step));
            Sphere.step(w, step, len > 0.5 * sqrtN ? 0.5 * sqrtN / len : 1);
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "critical point search: %d of %d starts done", nextStart, starts);
    }
}
