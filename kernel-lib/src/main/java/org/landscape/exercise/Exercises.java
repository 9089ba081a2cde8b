package org.landscape.exercise;

import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.Hessians;
import org.landscape.hessian.Index;
import org.landscape.hessian.Vectors;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * The checks of the course's exercises (notebooks/exercises), and the small landscapes they are set on. Each check
 * accepts any correct answer, recomputing what it needs from the library, and answers a wrong one with what is off
 * and a hint, never with the answer itself. A check never throws on an answer (null, NaN, the wrong length): an
 * unanswered exercise gets its feedback too.
 */
public final class Exercises {
    private Exercises() {
    }

    // ------------------------------------------------------------------------------------------ 1: counting n_A

    /** Exercise 1: the number n_A of parameters (weights and biases) of a fully connected architecture. */
    public static Feedback parameterCount(Architecture architecture, long answer) {
        String id = "1 (n_A)";
        long right = architecture.parameterCount(true);
        long weights = architecture.parameterCount(false);
        int[] d = architecture.widths();
        long inputBiases = right + d[0];
        if (answer == right) {
            return Feedback.right(id, String.format(Locale.ROOT, "n_A = %,d for %s, as Architecture.parameterCount() "
                    + "says.", right, architecture));
        }
        if (answer <= 0) {
            return Feedback.wrong(id, "no count yet (" + answer + ").",
                    "every layer l -> l+1 has a weight for each pair of units and a bias for each unit it feeds.");
        }
        if (answer == weights) {
            return Feedback.wrong(id, "that is the number of weights alone.", "each unit after the input layer "
                    + "also has a bias.");
        }
        if (answer == inputBiases) {
            return Feedback.wrong(id, "one bias too many per input.", "the input layer has no biases: only units "
                    + "that compute something do.");
        }
        return Feedback.wrong(id, String.format(Locale.ROOT, "%,d is %s than n_A.", answer,
                answer > right ? "more" : "fewer"), "write n_A as a sum over the " + (d.length - 1) + " layers of "
                + "(weights of the layer) + (biases of the layer), and check each term against the widths "
                + java.util.Arrays.toString(d) + ".");
    }

    // ------------------------------------------------------------------ 2: Exercise 12.6 (a local minimum's valley)

    /** The landscape of exercise 2: f(x) = x^4 - 3 x^2 + x, two wells of different depths. */
    public static DoubleUnaryOperator twoWells() {
        return x -> x * x * x * x - 3 * x * x + x;
    }

    /**
     * Exercise 2 (the book's Exercise 12.6, numerically): a local minimum x of {@link #twoWells()} that is not global,
     * and a level c such that the connected piece of {f <= c} that holds x holds no global minimum: x lies in a
     * spurious valley.
     */
    public static Feedback spuriousValleyOfALocalMinimum(double x, double level) {
        String id = "2 (Exercise 12.6)";
        DoubleUnaryOperator f = twoWells();
        if (!Double.isFinite(x) || !Double.isFinite(level)) {
            return Feedback.wrong(id, "x = " + x + " and c = " + level + ": both must be numbers.",
                    "look at f on [-2, 2] first (a line chart), then find where f' = 0.");
        }
        double h = 1e-5;
        double slope = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
        double curvature = (f.applyAsDouble(x + h) - 2 * f.applyAsDouble(x) + f.applyAsDouble(x - h)) / (h * h);
        if (Math.abs(slope) > 1e-3) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "f'(%.6g) = %.3g: x is not a critical point.", x,
                    slope), "a minimum has f'(x) = 0; bisection or Newton's method on f' finds it to many digits.");
        }
        if (curvature <= 0) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "f''(%.6g) = %.3g <= 0: x is a maximum, not a "
                    + "minimum.", x, curvature), "a minimum has f''(x) > 0.");
        }
        double globalValue = globalMinimum(f, -3, 3);
        if (f.applyAsDouble(x) <= globalValue + 1e-9) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "f(%.6g) = %.6g is the global minimum: its "
                    + "piece of any sub-level set holds a global minimum, itself.", x, f.applyAsDouble(x)),
                    "take the other minimum.");
        }
        if (level < f.applyAsDouble(x)) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "c = %.6g is below f(x) = %.6g, so x is not in "
                    + "{f <= c}.", level, f.applyAsDouble(x)), "the level must be at least f(x).");
        }
        // the piece of {f <= c} holding x, walked on a fine grid in both directions
        double step = 1e-4, lo = x, hi = x;
        while (lo > -3 && f.applyAsDouble(lo - step) <= level) {
            lo -= step;
        }
        while (hi < 3 && f.applyAsDouble(hi + step) <= level) {
            hi += step;
        }
        double pieceMin = globalMinimum(f, lo, hi);
        if (pieceMin <= globalValue + 1e-9) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "at c = %.6g the piece of {f <= c} that holds x "
                    + "reaches from %.3f to %.3f and holds the global minimum.", level, lo, hi),
                    "lower c: the piece must stop before f climbs over the hill between the two wells.");
        }
        return Feedback.right(id, String.format(Locale.ROOT, "x = %.6g is a local minimum (f' = %.1e, f'' = %.3g) "
                + "with f(x) = %.4f above the global minimum; the piece [%.3f, %.3f] of {f <= %.4f} holds no global "
                + "minimum: a spurious valley.", x, slope, curvature, f.applyAsDouble(x), lo, hi, level));
    }

    private static double globalMinimum(DoubleUnaryOperator f, double lo, double hi) {
        double best = Double.POSITIVE_INFINITY;
        int n = (int) Math.max(10, Math.ceil((hi - lo) / 1e-4));
        for (int i = 0; i <= n; i++) {
            best = Math.min(best, f.applyAsDouble(lo + (hi - lo) * i / n));
        }
        return best;
    }

    // -------------------------------------------------------------- 3: Exercise 12.7 (a path that never climbs)

    /** The landscape of exercise 3: a ring valley (x^2 + y^2 - 1)^2 tilted by 0.3 (x - 1)^2; its minimum at (1, 0). */
    public static DoubleBinaryOperator ring() {
        return (x, y) -> Math.pow(x * x + y * y - 1, 2) + 0.3 * Math.pow(x - 1, 2);
    }

    /** Where exercise 3's path starts. */
    public static final double[] RING_START = {-1, 0};
    /** The largest step between neighbouring points of exercise 3's path: a path, not a jump. */
    public static final double RING_MAX_STEP = 0.05;

    /**
     * Exercise 3 (the book's Exercise 12.7): points {x_k, y_k} of a path on {@link #ring()} from
     * {@link #RING_START} to the global minimum along which the loss never goes up (so, by 12.7, the start is in no
     * spurious valley).
     */
    public static Feedback monotonePath(double[][] path) {
        String id = "3 (Exercise 12.7)";
        DoubleBinaryOperator loss = ring();
        if (path == null || path.length < 2) {
            return Feedback.wrong(id, "no path yet: give at least two points.", "parametrise a curve theta(t), "
                    + "t from 0 to 1, and sample it finely.");
        }
        for (int k = 0; k < path.length; k++) {
            if (path[k] == null || path[k].length != 2 || !Double.isFinite(path[k][0]) || !Double.isFinite(path[k][1])) {
                return Feedback.wrong(id, "point " + k + " is not two finite numbers {x, y}.", "each point is "
                        + "new double[]{x, y}.");
            }
        }
        if (Math.hypot(path[0][0] - RING_START[0], path[0][1] - RING_START[1]) > 1e-9) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "the path starts at (%.4g, %.4g), not at the start "
                    + "(-1, 0).", path[0][0], path[0][1]), "the first point is theta_1 itself.");
        }
        double[] end = path[path.length - 1];
        if (loss.applyAsDouble(end[0], end[1]) > 1e-8) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "the path ends at (%.4g, %.4g), where the loss is "
                    + "%.3g, not at the global minimum (loss 0).", end[0], end[1], loss.applyAsDouble(end[0], end[1])),
                    "the loss is 0 only where both terms are 0.");
        }
        for (int k = 1; k < path.length; k++) {
            double jump = Math.hypot(path[k][0] - path[k - 1][0], path[k][1] - path[k - 1][1]);
            if (jump > RING_MAX_STEP * (1 + 1e-9)) { // a step of exactly 0.05 computed in floating point passes
                return Feedback.wrong(id, String.format(Locale.ROOT, "points %d and %d are %.6g apart: a path moves "
                        + "in steps of at most %.2g.", k - 1, k, jump, RING_MAX_STEP), "use more points.");
            }
        }
        for (int k = 1; k < path.length; k++) {
            double before = loss.applyAsDouble(path[k - 1][0], path[k - 1][1]);
            double after = loss.applyAsDouble(path[k][0], path[k][1]);
            if (after > before + 1e-12) {
                return Feedback.wrong(id, String.format(Locale.ROOT, "the loss rises from %.4g to %.4g between "
                        + "points %d and %d, at (%.3g, %.3g).", before, after, k - 1, k, path[k][0], path[k][1]),
                        "where is the loss low? Plot the landscape on [-1.5, 1.5]^2 and follow the valley.");
            }
        }
        return Feedback.right(id, String.format(Locale.ROOT, "%d points from (-1, 0) to (%.4g, %.4g); the loss "
                + "falls from %.3f to %.1e and never rises.", path.length, end[0], end[1],
                loss.applyAsDouble(RING_START[0], RING_START[1]), loss.applyAsDouble(end[0], end[1])));
    }

    // ------------------------------------------------------------------ 4: Exercise 12.8 (one ReLU neuron)

    /** The data of exercise 4 (and of notebook 04): a flat middle and two rising arms, the right one steeper. */
    public static Dataset neuronData() {
        return Synthetic.evenly(61, -3, 3, x -> 2.5 * Math.max(0, -x - 2) + 3 * Math.max(0, x - 2));
    }

    /** The square loss of the single ReLU neuron max(0, w x + b) on {@link #neuronData()}. */
    public static double neuronLoss(double w, double b) {
        Dataset data = neuronData();
        double[] x = data.features().toDoubleVector(), y = data.labels().toDoubleVector();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.max(0, w * x[i] + b) - y[i];
            sum += e * e;
        }
        return sum / x.length;
    }

    /**
     * Exercise 4 (the book's Exercise 12.8): parameters (w, b) of the single ReLU neuron inside a spurious valley:
     * every path from there to a global minimum climbs above the loss there.
     */
    public static Feedback spuriousValleyOfANeuron(double w, double b) {
        String id = "4 (Exercise 12.8)";
        if (!Double.isFinite(w) || !Double.isFinite(b)) {
            return Feedback.wrong(id, "w = " + w + ", b = " + b + ": both must be numbers.",
                    "which sign of the slope w fits which arm of the data?");
        }
        double[] y = neuronData().labels().toDoubleVector();
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double bestConstant = neuronLoss(0, mean); // max(0, b) = mean(y): the best the neuron does at w = 0
        double here = neuronLoss(w, b);
        if (w == 0) {
            return Feedback.wrong(id, "w = 0: here the neuron is the constant max(0, b), on the wall between the two "
                    + "sides, not in a valley.", "which sign of w fits the weaker, left arm of the data?");
        }
        if (w > 0) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "w = %.3g > 0: on this side lies the global "
                    + "minimum, and the loss there can be reached without crossing w = 0.", w),
                    "a path between w < 0 and w > 0 must cross w = 0: what is the neuron there?");
        }
        if (here >= bestConstant) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "the loss at (w, b) is %.4f, not below %.4f, the "
                    + "lowest loss at w = 0: a path can cross w = 0 without climbing above it.", here, bestConstant),
                    "move (w, b) deeper into the valley on this side, where the neuron fits the left arm.");
        }
        return Feedback.right(id, String.format(Locale.ROOT, "at w = %.3g, b = %.3g the loss is %.4f; every path to "
                + "w > 0 crosses w = 0, where the neuron is constant and the loss is at least %.4f: a spurious valley.",
                w, b, here, bestConstant));
    }

    // -------------------------------------------------------------- 5: the plane through three solutions

    /**
     * Exercise 5: the plane origin + a u + b v through three parameter vectors, built by hand. Any origin and any two
     * independent directions whose plane holds all three points are right.
     */
    public static Feedback planeThroughThree(double[] theta1, double[] theta2, double[] theta3, double[] origin,
                                             double[] u, double[] v) {
        String id = "5 (three-solution plane)";
        int n = theta1.length;
        for (Object[] a : new Object[][]{{"origin", origin}, {"u", u}, {"v", v}}) {
            double[] x = (double[]) a[1];
            if (x == null || x.length != n) {
                return Feedback.wrong(id, a[0] + " has " + (x == null ? "no" : String.valueOf(x.length))
                        + " entries, the parameters " + n + ".", "every vector of the plane lives where theta does.");
            }
        }
        double nu = Vectors.norm(u), nv = Vectors.norm(v);
        if (nu == 0 || nv == 0) {
            return Feedback.wrong(id, (nu == 0 ? "u" : "v") + " is zero: no direction.", "a direction is a "
                    + "difference of two points of the plane.");
        }
        double cos = Math.abs(Vectors.dot(u, v)) / (nu * nv);
        if (cos > 1 - 1e-9) {
            return Feedback.wrong(id, "u and v are parallel: they span a line, not a plane.", "take differences "
                    + "to two different solutions.");
        }
        double[][] q = orthonormal(u, v);
        double[][] thetas = {theta1, theta2, theta3};
        for (int k = 0; k < 3; k++) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = thetas[k][i] - origin[i];
            }
            double scale = Math.max(Vectors.norm(r), Vectors.norm(thetas[k]));
            double a = Vectors.dot(r, q[0]), b = Vectors.dot(r, q[1]);
            for (int i = 0; i < n; i++) {
                r[i] -= a * q[0][i] + b * q[1][i];
            }
            double off = Vectors.norm(r) / Math.max(scale, 1e-300);
            if (off > 1e-9) {
                return Feedback.wrong(id, String.format(Locale.ROOT, "theta%d is off your plane (its distance is "
                        + "%.2g of its norm).", k + 1, off), "the origin must lie in the plane, and each theta_k - "
                        + "origin must be a combination of u and v.");
            }
        }
        return Feedback.right(id, String.format(Locale.ROOT, "all three solutions lie on your plane (to 1e-9); u "
                + "and v at %.1f degrees.", Math.toDegrees(Math.acos(Math.min(1, cos)))));
    }

    // ------------------------------------------------------------------------ 6: a saddle and its index

    /**
     * Exercise 6: a critical point theta of the network's loss on data that is a saddle, and its index (the number of
     * negative Hessian eigenvalues, below -0.001 as in the paper). Any saddle is right.
     */
    public static Feedback saddle(Network net, Dataset data, double[] theta, int index) {
        String id = "6 (a saddle and its index)";
        Risk risk = Risk.of(net, data);
        if (theta == null || theta.length != risk.dimension()) {
            return Feedback.wrong(id, "theta has " + (theta == null ? "no" : String.valueOf(theta.length))
                    + " entries, the network " + risk.dimension() + ".", "start from net.parameters().");
        }
        for (double t : theta) {
            if (!Double.isFinite(t)) {
                return Feedback.wrong(id, "theta holds " + t + ".", "every parameter must be a number.");
            }
        }
        double gradient = Vectors.norm(risk.gradient(theta));
        if (gradient > 1e-6) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "|grad L(theta)| = %.3g: theta is not a critical "
                    + "point (needed: below 1e-6).", gradient), "where is every gradient term 0? Think of a network "
                    + "whose hidden units all do nothing, or refine a guess with Newton steps.");
        }
        double[] eigenvalues = DenseEigen.all(Hessians.dense(risk, theta)).eigenvalues();
        int negative = Index.count(eigenvalues);
        if (negative == 0) {
            return Feedback.wrong(id, "theta is a critical point, but no Hessian eigenvalue is below -0.001: a "
                    + "minimum (or flat), not a saddle.", "look for a point where moving two layers' weights together "
                    + "lowers the loss.");
        }
        if (index != negative) {
            return Feedback.wrong(id, "theta is a saddle, but its index is not " + index + ".", "count the Hessian's "
                    + "eigenvalues below -0.001 (Index.count).");
        }
        return Feedback.right(id, String.format(Locale.ROOT, "|grad| = %.1e and %d of %d Hessian eigenvalues below "
                + "-0.001 (the smallest %.4g): a saddle of index %d.", gradient, negative, eigenvalues.length,
                min(eigenvalues), negative));
    }

    // ------------------------------------------------------------------ 7: the PCA plane of a trajectory

    /**
     * Exercise 7: the fraction of the variance of a trajectory's points (rows of {@code points}, e.g.
     * {@code trajectory.matrix()}) that the plane of its first two principal components holds.
     */
    public static Feedback pcaFraction(double[][] points, double answer) {
        String id = "7 (the PCA plane)";
        double[] ratio = org.landscape.slice.Pca.of(points, 2).explainedVarianceRatio();
        double right = ratio[0] + ratio[1];
        if (!Double.isFinite(answer) || answer <= 0 || answer > 1) {
            return Feedback.wrong(id, answer + " is not a fraction in (0, 1].", "the fraction is (variance along "
                    + "PC1 + along PC2) / (total variance of the points).");
        }
        if (Math.abs(answer - right) <= 1e-6) {
            return Feedback.right(id, String.format(Locale.ROOT, "%.4f of the variance of the %d points lies in the "
                    + "PCA plane (PC1 %.4f, PC2 %.4f).", right, points.length, ratio[0], ratio[1]));
        }
        if (Math.abs(answer - ratio[0]) <= 1e-6) {
            return Feedback.wrong(id, "that is the first component's share alone.", "the plane holds two.");
        }
        if (Math.abs(answer - uncentredFraction(points)) <= 1e-6) {
            return Feedback.wrong(id, "the points were not centred: the first direction then points at their mean, "
                    + "not along the path.", "subtract the mean point before the eigen-decomposition.");
        }
        return Feedback.wrong(id, String.format(Locale.ROOT, "%.4f is %s the PCA plane's share.", answer,
                answer > right ? "more than" : "less than"), "the eigenvalues of the centred points' covariance are "
                + "the variances along the components; their sum is the total.");
    }

    private static double uncentredFraction(double[][] points) {
        int m = points.length;
        double[][] gram = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                gram[i][j] = gram[j][i] = Vectors.dot(points[i], points[j]);
            }
        }
        double[] e = DenseEigen.all(org.landscape.hessian.DenseMatrix.of(gram)).eigenvalues().clone();
        java.util.Arrays.sort(e);
        double total = 0;
        for (double x : e) {
            total += x;
        }
        return (e[m - 1] + e[m - 2]) / total;
    }

    // ------------------------------------------------------------------ 8: H0 is positive semidefinite

    /** Exercise 8: the smallest eigenvalue of the Gauss-Newton part H0 of the Hessian of the loss at theta. */
    public static Feedback smallestOfH0(Network net, Dataset data, double[] theta, double answer) {
        String id = "8 (H0 is PSD)";
        org.landscape.hessian.GaussNewton gn = org.landscape.hessian.GaussNewton.at(net, data, theta);
        double h0 = min(DenseEigen.all(gn.h0Operator().dense()).eigenvalues());
        double h = min(DenseEigen.all(Hessians.dense(Risk.of(net, data), theta)).eigenvalues());
        double scale = Math.max(1e-12, Math.abs(h0)) + 1e-10;
        if (Double.isFinite(answer) && Math.abs(answer - h0) <= 1e-6 * Math.max(1, Math.abs(h0)) + 1e-9) {
            return Feedback.right(id, String.format(Locale.ROOT, "the smallest eigenvalue of H0 is %.3g, >= 0 up to "
                    + "rounding, while the whole Hessian's is %.4g: H0 = sum J_i^T (d^2 l) J_i is PSD for a convex "
                    + "loss, and only H1 can make H indefinite.", h0, h));
        }
        if (Double.isFinite(answer) && Math.abs(answer - h) <= 1e-6 * Math.max(1, Math.abs(h))) {
            return Feedback.wrong(id, "that is the smallest eigenvalue of the whole Hessian H = H0 + H1.",
                    "GaussNewton.at(net, data, theta) gives H0 alone.");
        }
        if (Double.isFinite(answer) && answer < -1e-6) {
            return Feedback.wrong(id, "a negative value cannot be right: for a convex loss v^T H0 v = sum of "
                    + "(J_i v)^T (d^2 l) (J_i v) >= 0.", "compute it from H0 alone, densely.");
        }
        return Feedback.wrong(id, "that is not the smallest eigenvalue of H0 at theta (" + answer + ").",
                "assemble H0 as a dense matrix and take all its eigenvalues (DenseEigen.all).");
    }

    // ------------------------------------------------------------ 9: H0 + lambda H1 as lambda grows

    /**
     * Exercise 9: the exponent p in |lambda_min(H0 + lambda H1)| ~ lambda^p for large lambda, predicted and then
     * measured (the check measures it too, from lambda = 10^2 to 10^4).
     */
    public static Feedback scalingExponent(Network net, Dataset data, double[] theta, double answer) {
        String id = "9 (H0 + lambda H1)";
        org.landscape.hessian.GaussNewton gn = org.landscape.hessian.GaussNewton.at(net, data, theta);
        org.landscape.hessian.DenseMatrix h0 = gn.h0Operator().dense(), h1 = gn.h1Operator().dense();
        double small = smallestOf(h0, h1, 1e2), large = smallestOf(h0, h1, 1e4);
        double measured = Math.log(Math.abs(large) / Math.abs(small)) / Math.log(1e4 / 1e2);
        if (!(small < 0 && large < 0)) {
            return Feedback.wrong(id, "at this theta H1 has no negative eigenvalue, so the smallest eigenvalue does "
                    + "not grow: pick a theta with nonzero errors.", "any trained-for-a-while network will do.");
        }
        if (Double.isFinite(answer) && Math.abs(answer - measured) <= 0.05) {
            return Feedback.right(id, String.format(Locale.ROOT, "measured: lambda_min = %.4g at lambda = 100 and "
                    + "%.4g at 10^4, a slope of %.3f in log-log: linear, since for large lambda the matrix is lambda "
                    + "(H1 + H0 / lambda) and its smallest eigenvalue tends to lambda lambda_min(H1).", small, large,
                    measured));
        }
        return Feedback.wrong(id, "the measured exponent is not " + answer + " (the check measures it between lambda "
                + "= 100 and 10^4).", "the exponent is a large-lambda limit: measure where lambda is large, and write H0 "
                + "+ lambda H1 = lambda (H1 + H0 / lambda): what happens to the eigenvalues of the bracket as lambda grows?");
    }

    private static double smallestOf(org.landscape.hessian.DenseMatrix h0, org.landscape.hessian.DenseMatrix h1,
                                     double lambda) {
        int n = h0.rows();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = h0.get(i, j) + lambda * h1.get(i, j);
            }
        }
        return min(DenseEigen.all(org.landscape.hessian.DenseMatrix.of(m)).eigenvalues());
    }

    // ------------------------------------------------------------------ 10: E_inf of the 3-spin glass

    /** Exercise 10: E_inf(3), located numerically from the complexity of the spherical 3-spin glass. */
    public static Feedback eInfinity(double answer) {
        String id = "10 (E_inf(3))";
        double right = org.landscape.spinglass.Complexity.eInfinity(3);
        double ground = org.landscape.spinglass.Complexity.groundState(3);
        if (Double.isFinite(answer) && Math.abs(answer - right) <= 1e-4) {
            return Feedback.right(id, String.format(Locale.ROOT, "E_inf(3) = %.6f (the closed form 2 sqrt(2/3) = "
                    + "%.6f): below the energy -E_inf almost all critical points are minima or of low index.", answer,
                    right));
        }
        if (Double.isFinite(answer) && Math.abs(answer + right) <= 1e-4) {
            return Feedback.wrong(id, "the sign: the energies are u = -E; give E_inf as a positive number.",
                    "the threshold energy is u = -E_inf.");
        }
        if (Double.isFinite(answer) && Math.abs(Math.abs(answer) - ground) <= 1e-3) {
            return Feedback.wrong(id, "that is E_0, the ground state (where the complexity of minima crosses 0), "
                    + "not the threshold.", "E_inf is where critical points stop being almost all minima: where "
                    + "the typical index becomes positive.");
        }
        return Feedback.wrong(id, "not E_inf(3) to 4 digits (" + answer + ").", "bisect on u in [-2, -1.5] for the "
                + "energy where Complexity.typicalIndexFraction(3, u) leaves 0.");
    }

    // --------------------------------------------------- 11: a slice that shows a barrier between permuted minima

    /**
     * Exercise 11: a permutation of the first hidden layer's units that maps the trained theta to another minimum
     * (the same loss) with a barrier on the straight line between them (the loss on the line rises at least 1e-3
     * above both ends).
     */
    public static Feedback permutedBarrier(Network net, Dataset data, double[] theta, int[] permutation) {
        String id = "11 (a barrier between permuted minima)";
        int width = net.architecture().widths()[1];
        if (permutation == null || permutation.length != width) {
            return Feedback.wrong(id, "the permutation has " + (permutation == null ? "no" : String.valueOf(
                    permutation.length)) + " entries; the first hidden layer has " + width + " units.",
                    "entry j says which unit of theta becomes unit j.");
        }
        boolean[] seen = new boolean[width];
        boolean identity = true;
        for (int j = 0; j < width; j++) {
            int p = permutation[j];
            if (p < 0 || p >= width || seen[p]) {
                return Feedback.wrong(id, "not a permutation of 0.." + (width - 1) + " (entry " + j + " is " + p
                        + ").", "every unit appears exactly once.");
            }
            seen[p] = true;
            identity &= p == j;
        }
        if (identity) {
            return Feedback.wrong(id, "the identity maps theta to itself: there is no second minimum.",
                    "swap some units.");
        }
        double[] other = net.permuteHiddenUnits(theta, 1, permutation);
        double a = net.loss(theta, data), b = net.loss(other, data);
        org.landscape.slice.Curve line = org.landscape.slice.Slices.line(net, data, theta, other,
                org.landscape.slice.Axis.of("t", 0, 1, 41));
        double barrier = line.max() - Math.max(a, b);
        if (barrier < 1e-3) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "the line rises only %.2g above its ends: no "
                    + "barrier to see.", barrier), "the more units move, and the more they differ, the further apart "
                    + "the two minima are.");
        }
        return Feedback.right(id, String.format(Locale.ROOT, "both ends have loss %.5f (a symmetry: the same "
                + "function), and the straight line between them climbs %.4f above them.", a, barrier));
    }

    // ------------------------------------------------------ 12: rescaling two ReLU layers (Dinh et al. 2017)

    /**
     * Exercise 12: parameters that compute the same function as theta on the data (outputs equal to 1e-9) but differ
     * from it, made by rescaling: the check reports how far the top Hessian eigenvalue moved.
     */
    public static Feedback rescaled(Network net, Dataset data, double[] theta, double[] rescaled) {
        String id = "12 (rescaling, Dinh et al.)";
        Risk risk = Risk.of(net, data);
        if (rescaled == null || rescaled.length != theta.length) {
            return Feedback.wrong(id, "the rescaled parameters have " + (rescaled == null ? "no" : String.valueOf(
                    rescaled.length)) + " entries, theta " + theta.length + ".", "start from theta.clone().");
        }
        double[][] before = risk.outputs(theta), after = risk.outputs(rescaled);
        double worst = 0, size = 0;
        for (int i = 0; i < before.length; i++) {
            for (int k = 0; k < before[i].length; k++) {
                worst = Math.max(worst, Math.abs(before[i][k] - after[i][k]));
                size = Math.max(size, Math.abs(before[i][k]));
            }
        }
        if (!(worst <= 1e-9 * Math.max(1, size))) {
            return Feedback.wrong(id, String.format(Locale.ROOT, "the outputs changed (by up to %.3g): not the same "
                    + "function.", worst), "multiply a hidden layer's incoming weights and biases by c > 0 and its "
                    + "outgoing weights by 1 / c: relu(c z) = c relu(z).");
        }
        double moved = 0;
        for (int i = 0; i < theta.length; i++) {
            moved = Math.max(moved, Math.abs(rescaled[i] - theta[i]));
        }
        if (moved < 1e-6) {
            return Feedback.wrong(id, "the parameters are (nearly) theta itself.", "pick c far from 1, e.g. 10.");
        }
        double top = max(DenseEigen.all(Hessians.dense(risk, theta)).eigenvalues());
        double topAfter = max(DenseEigen.all(Hessians.dense(risk, rescaled)).eigenvalues());
        return Feedback.right(id, String.format(Locale.ROOT, "the same outputs (to %.1e), other parameters; the top "
                + "Hessian eigenvalue went from %.4g to %.4g (x %.3g): sharpness is not a property of the function.",
                worst, top, topAfter, topAfter / top));
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : a) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double[][] orthonormal(double[] u, double[] v) {
        int n = u.length;
        double nu = Vectors.norm(u);
        double[] e1 = new double[n], e2 = v.clone();
        for (int i = 0; i < n; i++) {
            e1[i] = u[i] / nu;
        }
        double p = Vectors.dot(e2, e1);
        for (int i = 0; i < n; i++) {
            e2[i] -= p * e1[i];
        }
        double n2 = Vectors.norm(e2);
        for (int i = 0; i < n; i++) {
            e2[i] /= n2;
        }
        return new double[][]{e1, e2};
    }
}
