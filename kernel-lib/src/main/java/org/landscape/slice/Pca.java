package org.landscape.slice;

import java.util.Locale;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.Spectrum;

/**
 * Principal components of a training trajectory theta^(1..N): the plane mu + a1 theta1 + a2 theta2 that best fits
 * the trajectory in mean squared distance (book 12.1). N is small and n large, so the components come from the
 * N x N Gram matrix of the centred snapshots (same eigenvalues as the n x n covariance).
 */
public final class Pca {
    private final double[] mean;
    private final double[][] components; // unit vectors, by decreasing variance
    private final double[] variance;     // sample variance along each component (divisor N - 1, as sklearn)
    private final double totalVariance;

    private Pca(double[] mean, double[][] components, double[] variance, double totalVariance) {
        this.mean = mean;
        this.components = components;
        this.variance = variance;
        this.totalVariance = totalVariance;
    }

    /** The top {@code k} principal components of the rows of {@code points}. */
    public static Pca of(double[][] points, int k) {
        int n = points.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 points, got " + n + ": record the trajectory more often");
        }
        int dim = points[0].length;
        if (k < 1 || k > Math.min(n - 1, dim)) {
            throw new IllegalArgumentException("k must be in 1.." + Math.min(n - 1, dim) + " for " + n + " points in "
                    + dim + " dimensions, got " + k);
        }
        double[] mean = new double[dim];
        for (double[] p : points) {
            if (p.length != dim) {
                throw new IllegalArgumentException("points have different lengths (" + p.length + " and " + dim + ")");
            }
            for (int j = 0; j < dim; j++) {
                mean[j] += p[j] / n;
            }
        }
        double[][] centred = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                centred[i][j] = points[i][j] - mean[j];
            }
        }
        double[][] gram = new double[n][n];
        double total = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = Slices.dot(centred[a], centred[b]);
                gram[a][b] = s;
                gram[b][a] = s;
            }
            total += gram[a][a];
        }
        Spectrum eigen = DenseEigen.all(DenseMatrix.of(gram), true).largest(k); // descending
        double[] values = eigen.eigenvalues();
        double[][] components = new double[k][dim];
        double[] variance = new double[k];
        for (int c = 0; c < k; c++) {
            double lambda = Math.max(values[c], 0);
            variance[c] = lambda / (n - 1);
            double[] u = eigen.eigenvector(c);
            // v = X^T u / |X^T u|: the direction in parameter space.
            double[] v = components[c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dim; j++) {
                    v[j] += u[i] * centred[i][j];
                }
            }
            double norm = Slices.norm(v);
            if (norm == 0) {
                throw new IllegalArgumentException("the points span fewer than " + k + " dimensions");
            }
            for (int j = 0; j < dim; j++) {
                v[j] /= norm;
            }
        }
        return new Pca(mean, components, variance, total / (n - 1));
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] component(int c) {
        return components[c].clone();
    }

    public int count() {
        return components.length;
    }

    /** Fraction of the total variance along each component (sklearn's explained_variance_ratio_). */
    public double[] explainedVarianceRatio() {
        double[] r = new double[variance.length];
        for (int c = 0; c < r.length; c++) {
            r[c] = totalVariance == 0 ? 0 : variance[c] / totalVariance;
        }
        return r;
    }

    /** Variance along each component (sklearn's explained_variance_, divisor N - 1). */
    public double[] explainedVariance() {
        return variance.clone();
    }

    /** The plane through the mean spanned by the first two components (unit vectors). */
    public Plane plane() {
        if (components.length < 2) {
            throw new IllegalStateException("the plane needs 2 components; compute Pca.of(points, 2) or more");
        }
        double[] r = explainedVarianceRatio();
        return new Plane(mean, components[0], components[1],
                String.format(Locale.ROOT, "PC1 (%.1f%%)", 100 * r[0]), String.format(Locale.ROOT, "PC2 (%.1f%%)", 100 * r[1]));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PCA: explained variance ratio");
        for (double r : explainedVarianceRatio()) {
            s.append(String.format(Locale.ROOT, " %.4f", r));
        }
        return s.toString();
    }
}
