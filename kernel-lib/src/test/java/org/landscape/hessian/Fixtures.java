package org.landscape.hessian;

import java.util.Arrays;
import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.model.Network;

/** Matrices with known spectra and small networks shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A symmetric matrix with known eigenvalues: Q diag(eigenvalues) Q^T, with the eigenvalues sorted ascending. */
    static final class Known {
        final String name;
        final DenseMatrix matrix;
        final double[] ascending;

        Known(String name, DenseMatrix matrix, double[] eigenvalues) {
            this.name = name;
            this.matrix = matrix;
            this.ascending = eigenvalues.clone();
            Arrays.sort(this.ascending);
        }

        double norm() {
            return Math.max(Math.abs(ascending[0]), Math.abs(ascending[ascending.length - 1]));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final int N = 40;

    /** The five fixtures every eigen-solver must pass. */
    static Known[] spectra() {
        return new Known[]{diagonal(), rotated(), repeated(), clustered(), indefinite()};
    }

    /** A diagonal matrix with its entries in shuffled order: eigenvectors are coordinate vectors. */
    static Known diagonal() {
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = -3 + 8.0 * i / (N - 1);
        }
        double[] shuffled = d.clone();
        Random r = new Random(1);
        for (int i = N - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        return new Known("diagonal", DenseMatrix.diagonal(shuffled), d);
    }

    /** Distinct random eigenvalues in a random orthonormal basis. */
    static Known rotated() {
        Random r = new Random(2);
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = 10 * r.nextDouble() - 2;
        }
        return new Known("random orthogonal similarity", similarity(d, 3), d);
    }

    /** The top eigenvalue three times, the bottom twice, others in between. */
    static Known repeated() {
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = 1 + 3.0 * i / N;
        }
        d[0] = d[1] = -1;
        d[N - 1] = d[N - 2] = d[N - 3] = 6;
        return new Known("repeated eigenvalues", similarity(d, 4), d);
    }

    /** Five top eigenvalues 0.01 apart, the rest spread below. */
    static Known clustered() {
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = 5.0 * i / N;
        }
        for (int i = 0; i < 5; i++) {
            d[N - 1 - i] = 10 - 0.01 * i;
        }
        return new Known("clustered eigenvalues", similarity(d, 5), d);
    }

    /** Eigenvalues of both signs, the largest in magnitude negative. */
    static Known indefinite() {
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            d[i] = -8 + 14.0 * i / (N - 1) + 0.05 * Math.sin(i);
        }
        return new Known("indefinite", similarity(d, 6), d);
    }

    /** Q diag(d) Q^T for a random orthogonal Q (Gram-Schmidt on a Gaussian matrix). */
    static DenseMatrix similarity(double[] d, long seed) {
        int n = d.length;
        double[][] q = randomOrthonormal(n, n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k][i] * d[k] * q[k][j];
                }
                a[i][j] = s;
            }
        }
        return DenseMatrix.of(a).symmetrized();
    }

    /** {@code count} orthonormal rows of length n. */
    static double[][] randomOrthonormal(int count, int n, long seed) {
        Random r = new Random(seed);
        double[][] q = new double[count][];
        for (int k = 0; k < count; k++) {
            double[] v = Vectors.gaussian(n, r);
            Vectors.orthogonalize(v, q, k);
            q[k] = Vectors.normalized(v);
        }
        return q;
    }

    /** |A v - lambda v|. */
    static double residual(LinearOperator a, double lambda, double[] v) {
        double[] av = a.apply(v);
        Vectors.axpy(-lambda, v, av);
        return Vectors.norm(av);
    }

    /** Random data for a network: inputs N(0, 1), labels given by {@code labels}. */
    static Dataset data(int m, int inputs, int outputs, String labels, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[m][inputs], y = new double[m][outputs];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < inputs; j++) {
                x[i][j] = r.nextGaussian();
            }
            switch (labels) {
                case "one-hot":
                    y[i][r.nextInt(outputs)] = 1;
                    break;
                case "binary":
                    for (int k = 0; k < outputs; k++) {
                        y[i][k] = r.nextBoolean() ? 1 : 0;
                    }
                    break;
                default:
                    for (int k = 0; k < outputs; k++) {
                        y[i][k] = r.nextGaussian();
                    }
            }
        }
        return Dataset.of("random " + labels, x, y);
    }

    /**
     * Moves the network's parameters by N(0, scale^2) noise: away from DL4J's zero biases, where a ReLU network sits
     * exactly on a kink (an input of all-zero activations gives a pre-activation of exactly 0).
     */
    static double[] jiggle(Network net, double scale, long seed) {
        Random r = new Random(seed);
        double[] theta = net.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] += scale * r.nextGaussian();
        }
        net.setParameters(theta);
        return theta;
    }
}
