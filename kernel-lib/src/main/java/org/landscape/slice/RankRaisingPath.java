package org.landscape.slice;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.landscape.data.Dataset;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;

/**
 * The path in the proof of Proposition 12.4 (no spurious valleys for a shallow network with m <= d1 samples): from
 * any theta_a, first raise the rank of the hidden-feature matrix V (rows v^j = sigma(W0_j x_i + b0_j), i = 1..m) by
 * Case 2 moves that leave the outputs on the data unchanged, then follow the straight Case 1 path in the output
 * weights to a global minimum (an exact fit of the labels). Along the whole path the loss never increases.
 */
public final class RankRaisingPath {
    /** Relative singular-value threshold for the numerical rank of V. */
    public static final double RANK_TOLERANCE = 1e-9;

    private final List<double[]> points = new ArrayList<>();
    private final List<String> segments = new ArrayList<>();
    private final List<Integer> segmentStarts = new ArrayList<>();
    private final int[] ranks;
    private final Curve loss;

    private RankRaisingPath(Network net, Dataset data, double[] thetaA, int pointsPerSegment, long seed) {
        ParameterLayout layout = net.layout();
        int m = data.size(), d1 = net.architecture().width(1);
        if (net.architecture().hiddenLayers() != 1 || net.architecture().outputWidth() != 1 || !net.hasBiases()
                || net.lossKind() != Loss.SQUARE) {
            throw new IllegalArgumentException("Proposition 12.4 is about shallow networks (d0, d1, 1) with biases and a "
                    + "convex loss: build one with Architecture.of(d0, d1, 1) and Loss.SQUARE, got " + net);
        }
        if (m > d1) {
            throw new IllegalArgumentException("the proposition needs m <= d1 samples; got m = " + m + " > d1 = " + d1
                    + ": use fewer samples or more hidden units");
        }
        if (pointsPerSegment < 2) {
            throw new IllegalArgumentException("pointsPerSegment must be >= 2, got " + pointsPerSegment);
        }
        double[][] x = data.features().toDoubleMatrix();
        double[] y = data.labels().getColumn(0).toDoubleVector();
        Random random = new Random(seed);
        double[] theta = thetaA.clone();
        List<Integer> rankList = new ArrayList<>();
        int rank = rank(features(net, layout, theta, x));
        rankList.add(rank);
        points.add(theta.clone());
        ParameterLayout.Layer in = layout.layer(0), out = layout.layer(1);
        while (rank < m) {
            double[][] v = features(net, layout, theta, x);
            int j = dependentRow(v, rank);
            double[] alpha = coefficients(v, j);
            // Case 2, first half: move unit j's output weight onto the units it depends on (outputs unchanged).
            double wj = theta[out.weight(0, j)];
            double[] start = theta.clone();
            double[] end = theta.clone();
            end[out.weight(0, j)] = 0;
            for (int i = 0; i < d1; i++) {
                if (i != j) {
                    end[out.weight(0, i)] += alpha[i] * wj;
                }
            }
            addSegment("case 2: hand unit " + j + "'s output weight to the units it depends on", start, end, pointsPerSegment);
            theta = end;
            // Case 2, second half: unit j no longer reaches the output; move its input weights to a new feature w*.
            double[] moved = null;
            for (int attempt = 0; attempt < 100 && moved == null; attempt++) {
                double[] candidate = theta.clone();
                for (int i = 0; i < in.inputs; i++) {
                    candidate[in.weight(j, i)] = random.nextGaussian();
                }
                candidate[in.bias(j)] = random.nextGaussian();
                if (rank(features(net, layout, candidate, x)) > rank) {
                    moved = candidate;
                }
            }
            if (moved == null) {
                throw new IllegalStateException("no new feature raised the rank of V after 100 random draws");
            }
            addSegment("case 2: move unit " + j + "'s input weights to a new feature", theta, moved, pointsPerSegment);
            theta = moved;
            rank = rank(features(net, layout, theta, x));
            rankList.add(rank);
        }
        // Case 1: V has rank m, so some output weights W~ fit the labels exactly: W~ V = y - b1.
        double[][] v = features(net, layout, theta, x);
        double b1 = theta[out.bias(0)];
        RealMatrix vt = MatrixUtils.createRealMatrix(v).transpose(); // m x d1
        double[] rhs = new double[m];
        for (int i = 0; i < m; i++) {
            rhs[i] = y[i] - b1;
        }
        double[] fit = new SingularValueDecomposition(vt).getSolver().solve(MatrixUtils.createRealVector(rhs)).toArray();
        double[] target = theta.clone();
        for (int i = 0; i < d1; i++) {
            target[out.weight(0, i)] = fit[i];
        }
        addSegment("case 1: straight line in the output weights to an exact fit", theta, target, pointsPerSegment);
        this.ranks = rankList.stream().mapToInt(Integer::intValue).toArray();
        double[] values = new double[points.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = net.loss(points.get(k), data);
        }
        this.loss = Curve.of("loss", Axis.of("position along the path (segments)", 0, segments.size(), points.size()), values);
    }

    /** The path from {@code thetaA} (pointsPerSegment points per straight segment), seeded for the new features. */
    public static RankRaisingPath from(Network net, Dataset data, double[] thetaA, int pointsPerSegment, long seed) {
        Slices.checkVector("thetaA", thetaA, (int) net.parameterCount()); // the network itself is left unchanged
        return new RankRaisingPath(net, data, thetaA, pointsPerSegment, seed);
    }

    /**
     * A deliberately poor start for the path: the network's theta with every hidden unit a copy of unit 0 (same
     * incoming weights and bias), so the hidden-feature matrix V has rank 1.
     */
    public static double[] identicalUnits(Network net) {
        ParameterLayout.Layer in = net.layout().layer(0);
        double[] theta = net.parameters();
        for (int j = 1; j < in.outputs; j++) {
            for (int i = 0; i < in.inputs; i++) {
                theta[in.weight(j, i)] = theta[in.weight(0, i)];
            }
            if (in.biasOffset >= 0) {
                theta[in.bias(j)] = theta[in.bias(0)];
            }
        }
        return theta;
    }

    private void addSegment(String label, double[] from, double[] to, int count) {
        segments.add(label);
        segmentStarts.add(points.size() - 1);
        for (int k = 1; k < count; k++) {
            double t = (double) k / (count - 1);
            double[] p = new double[from.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (1 - t) * from[i] + t * to[i];
            }
            points.add(p);
        }
    }

    /** v^j_i = sigma(W0_j . x_i + b0_j): the d1 x m matrix V of the proof. */
    static double[][] features(Network net, ParameterLayout layout, double[] theta, double[][] x) {
        ParameterLayout.Layer in = layout.layer(0);
        double[][] v = new double[in.outputs][x.length];
        for (int j = 0; j < in.outputs; j++) {
            for (int i = 0; i < x.length; i++) {
                double pre = theta[in.bias(j)];
                for (int k = 0; k < in.inputs; k++) {
                    pre += theta[in.weight(j, k)] * x[i][k];
                }
                v[j][i] = net.activation().apply(pre);
            }
        }
        return v;
    }

    static int rank(double[][] v) {
        double[] s = new SingularValueDecomposition(MatrixUtils.createRealMatrix(v)).getSingularValues();
        int r = 0;
        for (double value : s) {
            if (value > RANK_TOLERANCE * s[0]) {
                r++;
            }
        }
        return r;
    }

    /** A row whose removal keeps the rank: it lies in the span of the others. */
    private static int dependentRow(double[][] v, int rank) {
        for (int j = 0; j < v.length; j++) {
            double[][] others = new double[v.length - 1][];
            for (int i = 0, k = 0; i < v.length; i++) {
                if (i != j) {
                    others[k++] = v[i];
                }
            }
            if (rank(others) == rank) {
                return j;
            }
        }
        throw new IllegalStateException("no dependent row although rank " + rank + " < " + v.length);
    }

    /** alpha with v^j = sum_{i != j} alpha_i v^i (least squares; exact since v^j is in the span). */
    private static double[] coefficients(double[][] v, int j) {
        int d1 = v.length, m = v[0].length;
        double[][] others = new double[m][d1];
        for (int i = 0; i < d1; i++) {
            for (int c = 0; c < m; c++) {
                others[c][i] = i == j ? 0 : v[i][c];
            }
        }
        double[] alpha = new SingularValueDecomposition(MatrixUtils.createRealMatrix(others)).getSolver()
                .solve(MatrixUtils.createRealVector(v[j])).toArray();
        alpha[j] = 0;
        return alpha;
    }

    /** The loss at every point of the path. */
    public Curve loss() {
        return loss;
    }

    /** What each straight segment does. */
    public List<String> segments() {
        return List.copyOf(segments);
    }

    /** Index into the path where each segment starts. */
    public List<Integer> segmentStarts() {
        return List.copyOf(segmentStarts);
    }

    /** rank(V) at the start and after each Case 2 move. */
    public int[] ranks() {
        return ranks.clone();
    }

    public double[] end() {
        return points.get(points.size() - 1).clone();
    }

    public int size() {
        return points.size();
    }

    /** The largest increase of the loss between consecutive points of the path (<= 0 when monotone). */
    public double largestIncrease() {
        double worst = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < loss.values().length; k++) {
            worst = Math.max(worst, loss.value(k) - loss.value(k - 1));
        }
        return worst;
    }
}
